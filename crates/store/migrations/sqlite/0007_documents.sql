-- The document library behind the portal: news, notices, speeches, reports, decisions, laws
-- and model texts. `source` is the identity of an imported text (the same file imports to the
-- same row); `published_at` is Beijing civil time ('2022-10-24T13:43:49'), as the source
-- pages print it. Views and likes are counters, not audited actions.
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    congress_id  INTEGER NOT NULL REFERENCES organisations(id),
    kind         TEXT NOT NULL,
    visibility   TEXT NOT NULL,
    title        TEXT NOT NULL,
    text_date    TEXT,
    organ        TEXT NOT NULL DEFAULT '',
    lead         TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    tags         TEXT NOT NULL DEFAULT '[]',
    featured     INTEGER NOT NULL DEFAULT 0,
    published    INTEGER NOT NULL DEFAULT 0,
    published_at TEXT,
    views        INTEGER NOT NULL DEFAULT 0,
    likes        INTEGER NOT NULL DEFAULT 0,
    source       TEXT UNIQUE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX documents_kind_published ON documents(kind, published, published_at);
CREATE INDEX documents_congress ON documents(congress_id);

-- One row per reader per document per day: a view counts once per session per day, and the
-- week's and month's most-read lists count these rows.
CREATE TABLE document_views (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    reader      TEXT NOT NULL,
    day         TEXT NOT NULL,
    PRIMARY KEY (document_id, reader, day)
);
CREATE INDEX document_views_day ON document_views(day);

CREATE TABLE document_likes (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    reader      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (document_id, reader)
);

CREATE TABLE document_files (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    hash        TEXT NOT NULL REFERENCES files(hash),
    filename    TEXT NOT NULL,
    PRIMARY KEY (document_id, hash)
);
