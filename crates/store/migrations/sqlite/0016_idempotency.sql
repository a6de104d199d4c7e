-- Repeated submissions (renda_core::idempotency): a key per user or anonymous reader, claimed
-- in the same transaction as the write it guards, then holding the answer given.
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    created_unix INTEGER NOT NULL,
    status       INTEGER,
    location     TEXT,
    content_type TEXT,
    body         BLOB,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_unix);
