-- Documents attached to replies (the signed and stamped reply letter, photos, plans), stored
-- once by content hash however often they are attached.
CREATE TABLE files (
    hash       TEXT PRIMARY KEY,
    size       BIGINT NOT NULL,
    mime       TEXT NOT NULL,
    data       BYTEA NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE reply_files (
    reply_id BIGINT NOT NULL REFERENCES suggestion_replies(id),
    hash     TEXT NOT NULL REFERENCES files(hash),
    filename TEXT NOT NULL,
    PRIMARY KEY (reply_id, hash)
);
