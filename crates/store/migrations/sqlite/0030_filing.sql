-- Filing review of normative documents (备案审查, issue 18): each congress's periods, the filings
-- with their files and history, the 审查建议 of citizens and organisations, the topics of 专项审查
-- — and what this migration did with the oversight items of the form 备案审查.

-- Each congress's periods (the core's `filing::Settings`, as JSON); none: the core's defaults.
CREATE TABLE filing_settings (
    congress_id INTEGER PRIMARY KEY REFERENCES organisations(id),
    settings    TEXT NOT NULL
);

-- A 专项审查 topic of a congress's year (every document touching 营商环境, or a law just
-- amended): a filing sent for a special review names one. An oversight item of the form
-- 备案审查 becomes its year's topic, linked to the item (below).
CREATE TABLE filing_topics (
    id                INTEGER PRIMARY KEY,
    congress_id       INTEGER NOT NULL REFERENCES organisations(id),
    year              INTEGER NOT NULL,
    title             TEXT NOT NULL,
    oversight_item_id INTEGER REFERENCES oversight_items(id),
    created_at        TEXT NOT NULL,
    UNIQUE (congress_id, year, title)
);

-- A normative document filed with a congress (`congress_id`, the receiving one) by its maker (a
-- unit, or the congress below for its own resolutions): the columns lists and boards read, and the
-- core's `Filing` as it now is (`record`, JSON) — the state machine's whole truth; once its
-- revocation is proposed, the agenda item that puts it to the standing committee. The 备案号 is
-- unique per congress and year.
CREATE TABLE filings (
    id           INTEGER PRIMARY KEY,
    congress_id  INTEGER NOT NULL REFERENCES organisations(id),
    maker_id     INTEGER NOT NULL REFERENCES organisations(id),
    body         TEXT NOT NULL,
    origin       TEXT NOT NULL,
    title        TEXT NOT NULL,
    published_on TEXT NOT NULL,
    filed_on     TEXT NOT NULL,
    state        TEXT NOT NULL,
    number       TEXT,
    number_year  INTEGER,
    number_seq   INTEGER,
    due_on       TEXT,
    late         INTEGER NOT NULL DEFAULT 0,
    topic_id     INTEGER REFERENCES filing_topics(id),
    item_id      INTEGER REFERENCES meeting_items(id),
    record       TEXT NOT NULL,
    filed_by     INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (congress_id, number_year, number_seq)
);
CREATE INDEX filings_congress ON filings(congress_id, state);
CREATE INDEX filings_maker ON filings(maker_id);

-- The files of a filing, each as the material it is (the core's `Attachment` code).
CREATE TABLE filing_files (
    filing_id  INTEGER NOT NULL REFERENCES filings(id),
    attachment TEXT NOT NULL,
    hash       TEXT NOT NULL REFERENCES files(hash),
    filename   TEXT NOT NULL,
    PRIMARY KEY (filing_id, attachment, hash)
);

-- A filing's history: each step the core's `apply` took, its event as JSON (the 审查意见, the
-- maker's plan, the correction reported…), the day and who.
CREATE TABLE filing_events (
    id        INTEGER PRIMARY KEY,
    filing_id INTEGER NOT NULL REFERENCES filings(id),
    kind      TEXT NOT NULL,
    event     TEXT NOT NULL,
    on_day    TEXT NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    at        TEXT NOT NULL
);
CREATE INDEX filing_events_filing ON filing_events(filing_id, id);

-- A 审查建议 from a citizen or an organisation: the form as checked (`proposal`, JSON: the
-- contact is in it and is never published), its progress (`record`, the core's
-- `ReviewProposal`), the receipt code the proposer follows it by, the answer given.
CREATE TABLE review_proposals (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    receipt     TEXT NOT NULL UNIQUE,
    document    TEXT NOT NULL,
    state       TEXT NOT NULL,
    due_on      TEXT,
    filing_id   INTEGER REFERENCES filings(id),
    proposal    TEXT NOT NULL,
    record      TEXT NOT NULL,
    answer      TEXT,
    published   INTEGER NOT NULL DEFAULT 0,
    client_addr TEXT NOT NULL,
    received_on TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX review_proposals_congress ON review_proposals(congress_id, state);
CREATE INDEX review_proposals_addr ON review_proposals(client_addr, created_at);

-- What one-off data migrations did, in their own words, for `renda migrate` and the admin to read.
CREATE TABLE migration_notes (
    version INTEGER NOT NULL,
    note    TEXT NOT NULL
);

-- Oversight items of the form 备案审查 were the only record of filing review before this
-- migration. Each becomes the 专项审查 topic of its congress's year, linked to the item (the item
-- itself stays in oversight, unchanged); the note says how many.
INSERT INTO filing_topics (congress_id, year, title, oversight_item_id, created_at)
SELECT congress_id, year, title, MIN(id), MIN(created_at)
FROM oversight_items WHERE form = 'filing_review'
GROUP BY congress_id, year, title;
INSERT INTO migration_notes (version, note)
SELECT 30, '备案审查：' || COUNT(*) || '个形式为“备案审查”的监督事项已作为当年的专项审查专题登记并与原监督事项关联，原监督事项保留不变。'
FROM filing_topics WHERE oversight_item_id IS NOT NULL;
