-- Foundation: organisations, people and deputyships, users, sessions, login throttling, and the
-- audit chain. Booleans are INTEGER 0/1 and times are RFC 3339 TEXT (UTC) or unix seconds, so
-- that the same queries decode the same way on SQLite and PostgreSQL through sqlx's Any driver.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    parent_id   INTEGER REFERENCES organisations(id),
    -- The congress this organisation belongs to: itself for a congress, its parent otherwise.
    congress_id INTEGER REFERENCES organisations(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX organisations_parent ON organisations(parent_id);
CREATE INDEX organisations_congress ON organisations(congress_id);
CREATE UNIQUE INDEX organisations_name_under_parent ON organisations(COALESCE(parent_id, 0), name);

CREATE TABLE persons (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    gender     TEXT,
    ethnicity  TEXT,
    birth      TEXT,
    party      TEXT,
    occupation TEXT,
    phone      TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX persons_name ON persons(name);
CREATE INDEX persons_ethnicity ON persons(ethnicity);

CREATE TABLE deputyships (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    congress_id  INTEGER NOT NULL REFERENCES organisations(id),
    term         INTEGER NOT NULL,
    delegation   TEXT NOT NULL,
    start_date   TEXT NOT NULL,
    start_reason TEXT NOT NULL,
    end_date     TEXT,
    end_reason   TEXT,
    note         TEXT
);
CREATE INDEX deputyships_person ON deputyships(person_id);
CREATE INDEX deputyships_congress ON deputyships(congress_id, delegation);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    -- The organisation the role is scoped to: the staff's congress or the unit.
    scope_org_id  INTEGER REFERENCES organisations(id),
    person_id     INTEGER REFERENCES persons(id),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's token: a stolen database does not yield live sessions.
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    csrf_token   TEXT NOT NULL,
    created_unix INTEGER NOT NULL,
    expires_unix INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
    id      INTEGER PRIMARY KEY,
    login   TEXT NOT NULL,
    address TEXT NOT NULL,
    at_unix INTEGER NOT NULL,
    ok      INTEGER NOT NULL
);
CREATE INDEX login_attempts_login ON login_attempts(login, at_unix);
CREATE INDEX login_attempts_address ON login_attempts(address, at_unix);

-- One row per chain: its last sequence number and hash. Updating it first in every write
-- transaction serialises the writes of one chain (one congress) and no others.
CREATE TABLE audit_chains (
    chain_id  INTEGER PRIMARY KEY,
    seq       INTEGER NOT NULL,
    head_hash TEXT NOT NULL
);

-- The event log: the audit trail and the outbox that derived data follows.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    chain_id    INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (chain_id, seq)
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
