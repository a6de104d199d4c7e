-- Deputies' suggestions (代表建议、批评和意见). The columns of `suggestions` mirror the core's
-- `suggestion::Facts`: the state machine reads them, the transition function returns new ones,
-- and the store writes them back with the audit entry in one transaction.

CREATE TABLE suggestion_settings (
    congress_id                INTEGER PRIMARY KEY REFERENCES organisations(id),
    reply_months               INTEGER NOT NULL DEFAULT 3,
    complex_reply_months       INTEGER NOT NULL DEFAULT 6,
    max_months                 INTEGER NOT NULL DEFAULT 6,
    rehandle_months            INTEGER NOT NULL DEFAULT 1,
    return_window_working_days INTEGER NOT NULL DEFAULT 7,
    near_due_days              INTEGER NOT NULL DEFAULT 10,
    class_scheme               TEXT NOT NULL DEFAULT 'abcd'
);

CREATE TABLE suggestions (
    id                  INTEGER PRIMARY KEY,
    congress_id         INTEGER NOT NULL REFERENCES organisations(id),
    -- 编号 within the congress and year, given at submission (e.g. 2025 年第 12 号).
    year                INTEGER NOT NULL,
    number              INTEGER,
    title               TEXT NOT NULL,
    body                TEXT NOT NULL,
    -- 'session' (大会期间) or 'recess' (闭会期间).
    period              TEXT NOT NULL,
    -- Turned into a suggestion from a 议案 that did not qualify (议案转建议).
    from_motion         INTEGER NOT NULL DEFAULT 0,
    lead_person_id      INTEGER NOT NULL REFERENCES persons(id),
    state               TEXT NOT NULL,
    pending_cosigners   INTEGER NOT NULL DEFAULT 0,
    cosigners           INTEGER NOT NULL DEFAULT 0,
    assigned_on         TEXT,
    due_on              TEXT,
    complex             INTEGER NOT NULL DEFAULT 0,
    contacts            INTEGER NOT NULL DEFAULT 0,
    reply_class         TEXT,
    attitude            TEXT,
    result              TEXT,
    return_requested    INTEGER NOT NULL DEFAULT 0,
    extension_requested INTEGER NOT NULL DEFAULT 0,
    key_topic           TEXT,
    rehandled           INTEGER NOT NULL DEFAULT 0,
    follow_up_fulfilled INTEGER,
    -- The lead deputy agreed that the reply may be published on the portal.
    publish_reply       INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX suggestions_congress_state ON suggestions(congress_id, state);
CREATE INDEX suggestions_due ON suggestions(due_on);
CREATE UNIQUE INDEX suggestions_number ON suggestions(congress_id, year, number);

CREATE TABLE suggestion_signers (
    suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    -- 'lead' or 'cosigner'
    role          TEXT NOT NULL,
    confirmed_at  TEXT,
    PRIMARY KEY (suggestion_id, person_id)
);
CREATE INDEX suggestion_signers_person ON suggestion_signers(person_id);

CREATE TABLE suggestion_units (
    suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
    unit_id       INTEGER NOT NULL REFERENCES organisations(id),
    -- 'main' (主办) or 'assisting' (会办)
    role          TEXT NOT NULL,
    assigned_on   TEXT NOT NULL,
    -- A 会办 unit's written view to the 主办, due one month after assignment.
    view_text     TEXT,
    view_at       TEXT,
    PRIMARY KEY (suggestion_id, unit_id)
);
CREATE INDEX suggestion_units_unit ON suggestion_units(unit_id);

CREATE TABLE suggestion_contacts (
    id            INTEGER PRIMARY KEY,
    suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
    unit_id       INTEGER NOT NULL REFERENCES organisations(id),
    on_date       TEXT NOT NULL,
    -- 'visit' 走访, 'meeting' 座谈, 'phone' 电话, 'other' 其他
    way           TEXT NOT NULL,
    summary       TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    created_at    TEXT NOT NULL
);
CREATE INDEX suggestion_contacts_suggestion ON suggestion_contacts(suggestion_id);

CREATE TABLE suggestion_replies (
    id            INTEGER PRIMARY KEY,
    suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
    unit_id       INTEGER NOT NULL REFERENCES organisations(id),
    -- 1 for the first reply, 2 after the first re-handling, …
    round         INTEGER NOT NULL,
    class         TEXT NOT NULL,
    body          TEXT NOT NULL,
    signer        TEXT NOT NULL,
    replied_on    TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    created_at    TEXT NOT NULL
);
CREATE INDEX suggestion_replies_suggestion ON suggestion_replies(suggestion_id);

CREATE TABLE suggestion_ratings (
    id            INTEGER PRIMARY KEY,
    suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
    round         INTEGER NOT NULL,
    attitude      TEXT NOT NULL,
    result        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    rated_at      TEXT NOT NULL
);
CREATE INDEX suggestion_ratings_suggestion ON suggestion_ratings(suggestion_id);

-- Public holidays and adjusted working days loaded with `renda calendar import` for years the
-- shipped calendar does not cover (or to correct it). 'holiday' or 'workday'.
CREATE TABLE holiday_days (
    day  TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL
);
