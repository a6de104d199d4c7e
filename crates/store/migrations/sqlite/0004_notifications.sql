-- In-app notifications, derived from the event log (audit_log) by a background consumer, and
-- the positions of such consumers. A notification is never written in the request path.
CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    -- assigned, please_rate, replied, returned, sent_back, please_cosign, registered, closed,
    -- near_due, overdue, request_decided
    kind          TEXT NOT NULL,
    suggestion_id INTEGER REFERENCES suggestions(id),
    text          TEXT NOT NULL,
    -- The audit entry it came from, or a reminder's key (suggestion:kind:due date), so that a
    -- replayed event or a second sweep never notifies twice.
    source        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    read_at       TEXT,
    UNIQUE (user_id, source)
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

CREATE TABLE consumer_positions (
    name    TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
);
