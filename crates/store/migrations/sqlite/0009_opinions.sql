-- Citizens' opinions left at liaison stations (群众意见): online through a station's public
-- page or recorded by staff at a reception. `facts` is the core's `liaison::opinion::Facts` as
-- JSON; the columns beside it are copies for lists and lookups. The citizen's name and phone
-- are personal data: only staff of the opinion's congress see them (the web enforces it), and
-- audit entries never carry them.
CREATE TABLE opinions (
    id            INTEGER PRIMARY KEY,
    congress_id   INTEGER NOT NULL REFERENCES organisations(id),
    station_id    INTEGER NOT NULL REFERENCES organisations(id),
    receipt       TEXT NOT NULL UNIQUE,
    channel       TEXT NOT NULL,
    state         TEXT NOT NULL,
    facts         TEXT NOT NULL,
    title         TEXT,
    content       TEXT NOT NULL,
    name          TEXT,
    phone         TEXT,
    consent       INTEGER NOT NULL DEFAULT 0,
    answer        TEXT,
    note          TEXT,
    rating_comment TEXT,
    unit_id       INTEGER REFERENCES organisations(id),
    due_on        TEXT,
    suggestion_id INTEGER REFERENCES suggestions(id),
    client_addr   TEXT,
    received_on   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX opinions_congress_state ON opinions(congress_id, state);
CREATE INDEX opinions_unit ON opinions(unit_id, state);
CREATE INDEX opinions_suggestion ON opinions(suggestion_id);
CREATE INDEX opinions_addr_time ON opinions(client_addr, created_at);
