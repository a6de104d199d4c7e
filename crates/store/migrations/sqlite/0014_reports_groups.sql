-- 述职 meetings and deputy groups. A 述职 meeting (a deputy reporting to voter representatives)
-- registers the representatives by name and unit, takes one rating from each (or the three
-- counts of the paper ballots), and once closed keeps its result, the rectification flag and the
-- plan. Deputy groups get their members and leader, their station, and the "十有" checklist per
-- year (labels stored per year, so a later change of the list leaves old years as they were).
CREATE TABLE report_settings (
    congress_id     INTEGER PRIMARY KEY REFERENCES organisations(id),
    rectify         INTEGER NOT NULL,
    recommended     INTEGER NOT NULL
);

CREATE TABLE report_meetings (
    id              INTEGER PRIMARY KEY,
    congress_id     INTEGER NOT NULL REFERENCES organisations(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    deputyship_id   INTEGER NOT NULL REFERENCES deputyships(id),
    activity_id     INTEGER REFERENCES activities(id),
    on_date         TEXT NOT NULL,
    place           TEXT NOT NULL,
    -- registered / closed
    state           TEXT NOT NULL,
    -- The paper ballots' tally, when the clerk has only that: how many representatives came and
    -- how they rated. NULL while ratings are taken one by one.
    paper_registered  INTEGER,
    paper_satisfied   INTEGER,
    paper_basic       INTEGER,
    paper_unsatisfied INTEGER,
    -- The result, once closed.
    registered      INTEGER,
    satisfied       INTEGER,
    basic           INTEGER,
    unsatisfied     INTEGER,
    overall         TEXT,
    approval_permille INTEGER,
    rectification   INTEGER NOT NULL DEFAULT 0,
    plan_text       TEXT,
    plan_date       TEXT,
    closed_at       TEXT,
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL
);
CREATE INDEX report_meetings_congress ON report_meetings(congress_id, on_date);
CREATE INDEX report_meetings_person ON report_meetings(person_id);

CREATE TABLE report_representatives (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES report_meetings(id),
    name            TEXT NOT NULL,
    unit            TEXT NOT NULL,
    rating          TEXT,
    rated_at        TEXT
);
CREATE UNIQUE INDEX report_representatives_once ON report_representatives(meeting_id, name, unit);

CREATE TABLE group_members (
    group_id        INTEGER NOT NULL REFERENCES organisations(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    leader          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, person_id)
);
CREATE INDEX group_members_person ON group_members(person_id);

CREATE TABLE group_stations (
    group_id        INTEGER PRIMARY KEY REFERENCES organisations(id),
    station_id      INTEGER NOT NULL REFERENCES organisations(id)
);

-- A congress's own checklist for a year (absent: the standard ten).
CREATE TABLE checklist_configs (
    congress_id     INTEGER NOT NULL REFERENCES organisations(id),
    year            INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    label           TEXT NOT NULL,
    PRIMARY KEY (congress_id, year, position)
);

CREATE TABLE group_checklists (
    group_id        INTEGER NOT NULL REFERENCES organisations(id),
    year            INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    label           TEXT NOT NULL,
    met             INTEGER NOT NULL DEFAULT 0,
    evidence        TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (group_id, year, position)
);

ALTER TABLE activities ADD COLUMN group_id INTEGER REFERENCES organisations(id);
CREATE INDEX activities_group ON activities(group_id);
