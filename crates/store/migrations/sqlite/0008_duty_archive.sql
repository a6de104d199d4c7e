-- Duty archives (履职档案) and assessment (履职考核): DOMAIN.md "Duty records and assessment".
-- The rules themselves live in the core (`renda_core::scoring`); these tables keep what they
-- work on: the rule tables a congress published, the items of each deputy's archive, and the
-- scores recomputed from them.

-- A congress's rule table (评分细则) for one year, one row per version. `table_json` is the
-- core's `RuleTable` as JSON. A version is edited in place only before its year starts; after
-- that a change is a new version with a later effective date (the core's `RuleBook` decides).
CREATE TABLE rule_book_versions (
    congress_id    INTEGER NOT NULL REFERENCES organisations(id),
    year           INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    table_json     TEXT NOT NULL,
    -- The day it was published (or last corrected, before the year started).
    published_on   TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (congress_id, year, version),
    UNIQUE (congress_id, year, effective_from)
);

-- One entry of a deputy's archive in one congress (一人一档、一任一册: `term` is the term of the
-- deputyship the item falls in). Items the platform records itself carry `source`, the
-- identity of the event they come from ('suggestion:12:lead'), so recording it again changes
-- nothing. Declared items carry the declaration and its review, and count only once verified.
CREATE TABLE archive_items (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    congress_id  INTEGER NOT NULL REFERENCES organisations(id),
    term         INTEGER,
    item_date    TEXT NOT NULL,
    -- `ItemKind::code()`: 'suggestion_led', 'inspection', …
    kind         TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    origin       TEXT NOT NULL,
    source       TEXT,
    -- Declared items: who declared ('deputy' | 'township_staff'), what, with which evidence
    -- (a JSON array of names), and where the review stands ('declared' | 'verified' | 'rejected').
    declared_by  TEXT,
    description  TEXT,
    evidence     TEXT,
    status       TEXT,
    declarant_id INTEGER REFERENCES users(id),
    reviewer_id  INTEGER REFERENCES users(id),
    review_note  TEXT,
    reviewed_at  TEXT,
    created_at   TEXT NOT NULL,
    CHECK (
        (origin = 'platform' AND source IS NOT NULL AND status IS NULL)
        OR (origin = 'declared' AND source IS NULL AND declared_by IS NOT NULL AND description IS NOT NULL
            AND evidence IS NOT NULL AND status IN ('declared', 'verified', 'rejected'))
    )
);
CREATE UNIQUE INDEX archive_items_source ON archive_items(source);
-- A deputy's items in a year (their page, their sheet).
CREATE INDEX archive_items_person ON archive_items(person_id, item_date);
-- A congress's items, by deputy: recomputation streams them in this order without sorting.
CREATE INDEX archive_items_congress ON archive_items(congress_id, person_id, item_date);
-- Staff's queue of declarations waiting for verification.
CREATE INDEX archive_items_pending ON archive_items(congress_id, item_date) WHERE status = 'declared';

-- Scores recomputed from the archive: one row per deputy per congress per year, the year so far
-- up to `period_to`, under rule version `version`. Derived data: recomputing rewrites it.
-- `total` is in hundredths of a point (the core's `Points`), `band` the band's label. `lines`
-- keeps the sheet as computed — a JSON array of [line, count, subtotal in hundredths] for every
-- line that counted something (line: an item kind's code, 'category:NAME', 'full_marks' or
-- 'floor') — so a published score stays explained even after the archive changes; with the
-- rule version it gives back every explanation.
CREATE TABLE archive_scores (
    congress_id    INTEGER NOT NULL REFERENCES organisations(id),
    year           INTEGER NOT NULL,
    person_id      INTEGER NOT NULL REFERENCES persons(id),
    -- The deputyship scored (the latest, if the year saw two) and its days in office in the
    -- period, which rankings normalise by.
    deputyship_id  INTEGER NOT NULL REFERENCES deputyships(id),
    days_in_office INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    period_to      TEXT NOT NULL,
    total          INTEGER NOT NULL,
    band           TEXT,
    activity       INTEGER NOT NULL,
    lines          TEXT NOT NULL,
    computed_at    TEXT NOT NULL,
    PRIMARY KEY (congress_id, year, person_id)
);
CREATE INDEX archive_scores_person ON archive_scores(person_id, year);
