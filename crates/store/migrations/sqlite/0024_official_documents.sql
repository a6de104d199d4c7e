-- Official documents issued from the records (issue 21): the templates a congress adjusts, and
-- the register of what it issued, numbered per congress, 机关代字 (code) and year without gaps.

-- A congress's template for one kind (renda_core::official::Template as JSON).
CREATE TABLE official_templates (
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    kind        TEXT NOT NULL,
    template    TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (congress_id, kind)
);

-- One issued document. Its number is its register's (congress, code, year) next when it was
-- issued; a voided document
-- keeps its number (voided_at, void_reason), so the register has no gaps. subject_key names the
-- records it was made from and whom it went to: the same document cannot be issued twice while
-- the first stands.
CREATE TABLE official_documents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    code        TEXT NOT NULL,
    number      TEXT NOT NULL,
    title       TEXT NOT NULL,
    unit_id     INTEGER REFERENCES organisations(id),
    addressee   TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    file_hash   TEXT NOT NULL REFERENCES files(hash),
    filename    TEXT NOT NULL,
    issued_by   INTEGER,
    issued_at   TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    UNIQUE (congress_id, code, year, seq)
);
CREATE UNIQUE INDEX official_documents_standing ON official_documents(congress_id, kind, subject_key)
    WHERE voided_at IS NULL;
CREATE INDEX official_documents_unit ON official_documents(unit_id, issued_at);

-- The records a document was made from (suggestions of a 交办函, an oversight item …), so each
-- record's page lists its documents.
CREATE TABLE official_document_records (
    document_id INTEGER NOT NULL REFERENCES official_documents(id),
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    PRIMARY KEY (document_id, entity, entity_id)
);
CREATE INDEX official_document_records_entity ON official_document_records(entity, entity_id);
