-- Activities deputies are invited to (视察, 调研, 执法检查, 听审案看执行, 联络站接待,
-- 社会矛盾化解 …) with their roll, report and photos. Times are Beijing civil times
-- ("2026-03-05T09:00:00"); an activity held jointly by several congresses is visible to each
-- (activity_congresses). A deputy's standing is the core's `Attendance` code.
CREATE TABLE activities (
    id               INTEGER PRIMARY KEY,
    congress_id      INTEGER NOT NULL REFERENCES organisations(id),
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    place            TEXT NOT NULL,
    organiser        TEXT NOT NULL,
    starts_at        TEXT NOT NULL,
    ends_at          TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    cancelled        INTEGER NOT NULL DEFAULT 0,
    station_id       INTEGER REFERENCES organisations(id),
    mediation_parties TEXT,
    mediation_issue  TEXT,
    mediation_steps  TEXT,
    mediation_outcome TEXT,
    report           TEXT,
    report_published INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER REFERENCES users(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX activities_congress_start ON activities(congress_id, starts_at);

CREATE TABLE activity_congresses (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (activity_id, congress_id)
);
CREATE INDEX activity_congresses_congress ON activity_congresses(congress_id);

CREATE TABLE activity_participants (
    activity_id    INTEGER NOT NULL REFERENCES activities(id),
    person_id      INTEGER NOT NULL REFERENCES persons(id),
    attendance     TEXT NOT NULL,
    leave_reason   TEXT,
    decision_note  TEXT,
    checked_in_at  TEXT,
    checkin_method TEXT,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (activity_id, person_id)
);
CREATE INDEX activity_participants_person ON activity_participants(person_id);

CREATE TABLE activity_photos (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    hash        TEXT NOT NULL REFERENCES files(hash),
    caption     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (activity_id, hash)
);

-- Secrets the server generates for itself once (the check-in token key): kept in the
-- database so that every `renda serve` process behind a load balancer signs alike.
CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
