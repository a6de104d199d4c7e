-- Oversight of 一府两院 (监督法) and major-matter requests and reports (重大事项请示报告).
-- Review opinions keep the core's `oversight::review::Facts` as JSON (`facts`), major matters
-- the core's `oversight::major::Facts`; the columns beside them are copies for lists.

-- A congress's setting: months the body overseen has to report on a review opinion (2..=6).
CREATE TABLE oversight_settings (
    congress_id   INTEGER PRIMARY KEY REFERENCES organisations(id),
    report_months INTEGER NOT NULL,
    updated_at    TEXT NOT NULL
);

-- The annual oversight plan (年度监督工作计划): one per congress and year.
CREATE TABLE oversight_plans (
    id           INTEGER PRIMARY KEY,
    congress_id  INTEGER NOT NULL REFERENCES organisations(id),
    year         INTEGER NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    -- Published to deputies; `on_portal` also on the public portal.
    published_at TEXT,
    on_portal    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (congress_id, year)
);

-- One oversight item of a plan (or outside it): its form, the body overseen, the committee in
-- charge, meetings (JSON list of {on, note}) and the library documents linked to it.
CREATE TABLE oversight_items (
    id           INTEGER PRIMARY KEY,
    congress_id  INTEGER NOT NULL REFERENCES organisations(id),
    year         INTEGER NOT NULL,
    plan_id      INTEGER REFERENCES oversight_plans(id),
    form         TEXT NOT NULL,
    title        TEXT NOT NULL,
    body_org_id  INTEGER REFERENCES organisations(id),
    committee    TEXT NOT NULL,
    summary      TEXT NOT NULL,
    meetings     TEXT NOT NULL,
    state        TEXT NOT NULL,
    published_at TEXT,
    on_portal    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX oversight_items_congress ON oversight_items(congress_id, year);
CREATE INDEX oversight_items_body ON oversight_items(body_org_id);

CREATE TABLE oversight_item_documents (
    item_id     INTEGER NOT NULL REFERENCES oversight_items(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    PRIMARY KEY (item_id, document_id)
);

-- Signatures of an interpellation (质询) or special inquiry (专题询问).
CREATE TABLE oversight_signatures (
    item_id   INTEGER NOT NULL REFERENCES oversight_items(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    signed_on TEXT NOT NULL,
    PRIMARY KEY (item_id, person_id)
);

-- Review opinions (审议意见) sent to the body overseen.
CREATE TABLE oversight_reviews (
    id                INTEGER PRIMARY KEY,
    congress_id       INTEGER NOT NULL REFERENCES organisations(id),
    item_id           INTEGER NOT NULL REFERENCES oversight_items(id),
    body_org_id       INTEGER NOT NULL REFERENCES organisations(id),
    text              TEXT NOT NULL,
    state             TEXT NOT NULL,
    facts             TEXT NOT NULL,
    due_on            TEXT,
    report_text       TEXT,
    committee_comment TEXT,
    follow_up_reason  TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX oversight_reviews_congress ON oversight_reviews(congress_id, state, due_on);
CREATE INDEX oversight_reviews_body ON oversight_reviews(body_org_id, state);
CREATE INDEX oversight_reviews_item ON oversight_reviews(item_id);

-- Deputies' evaluation ballots (代表评议). Who voted (ballot_marks) and what was chosen
-- (ballot_papers) are two tables that share no key but the ballot: a paper has a random key,
-- no person, no time and no sequence (WITHOUT ROWID: stored in the random key's order).
CREATE TABLE ballots (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    title       TEXT NOT NULL,
    state       TEXT NOT NULL,
    opens_on    TEXT NOT NULL,
    closes_on   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX ballots_congress ON ballots(congress_id, state);

CREATE TABLE ballot_subjects (
    id        INTEGER PRIMARY KEY,
    ballot_id INTEGER NOT NULL REFERENCES ballots(id),
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    org_id    INTEGER REFERENCES organisations(id)
);
CREATE INDEX ballot_subjects_ballot ON ballot_subjects(ballot_id, position);

-- The deputies entitled to vote, taken when the vote opens.
CREATE TABLE ballot_electorate (
    ballot_id INTEGER NOT NULL REFERENCES ballots(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    PRIMARY KEY (ballot_id, person_id)
) WITHOUT ROWID;

CREATE TABLE ballot_marks (
    ballot_id INTEGER NOT NULL REFERENCES ballots(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    PRIMARY KEY (ballot_id, person_id)
) WITHOUT ROWID;

CREATE TABLE ballot_papers (
    ballot_id  INTEGER NOT NULL REFERENCES ballots(id),
    paper_key  TEXT NOT NULL,
    subject_id INTEGER NOT NULL REFERENCES ballot_subjects(id),
    choice     TEXT NOT NULL,
    PRIMARY KEY (ballot_id, paper_key, subject_id)
) WITHOUT ROWID;

-- Requests and reports to the party committee (重大事项请示报告), with a register per year.
CREATE TABLE major_matters (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    year        INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    seq         INTEGER,
    state       TEXT NOT NULL,
    facts       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    reply_text  TEXT,
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (congress_id, year, kind, seq)
);
CREATE INDEX major_matters_congress ON major_matters(congress_id, year);

CREATE TABLE major_matter_files (
    matter_id INTEGER NOT NULL REFERENCES major_matters(id),
    hash      TEXT NOT NULL REFERENCES files(hash),
    filename  TEXT NOT NULL,
    PRIMARY KEY (matter_id, hash)
);

-- Rights given to staff accounts beyond their role: `major_matters` (the register of requests
-- and reports), given by the admin or by staff who hold it, each grant audited.
CREATE TABLE staff_grants (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    grant_code TEXT NOT NULL,
    granted_by INTEGER REFERENCES users(id),
    granted_at TEXT NOT NULL,
    PRIMARY KEY (user_id, grant_code)
);
