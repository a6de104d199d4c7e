-- Liaison stations in detail: where a station is and when it opens, the deputies attached to
-- it, its reception days posted ahead with the receiving deputies, and each congress's notice
-- setting. An opinion recorded at a reception names it.
CREATE TABLE station_profiles (
    station_id     INTEGER PRIMARY KEY REFERENCES organisations(id),
    address        TEXT NOT NULL,
    opening_hours  TEXT NOT NULL,
    reception_days TEXT NOT NULL,
    phone          TEXT,
    intro          TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE station_deputies (
    station_id  INTEGER NOT NULL REFERENCES organisations(id),
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    since       TEXT NOT NULL,
    PRIMARY KEY (station_id, person_id)
);
CREATE INDEX station_deputies_person ON station_deputies(person_id);

CREATE TABLE receptions (
    id            INTEGER PRIMARY KEY,
    congress_id   INTEGER NOT NULL REFERENCES organisations(id),
    station_id    INTEGER NOT NULL REFERENCES organisations(id),
    on_date       TEXT NOT NULL,
    starts        TEXT NOT NULL,
    ends          TEXT NOT NULL,
    topic         TEXT NOT NULL,
    published_on  TEXT NOT NULL,
    held_at       TEXT,
    visitors      INTEGER,
    cancelled_at  TEXT,
    cancel_reason TEXT,
    created_by    INTEGER REFERENCES users(id),
    created_at    TEXT NOT NULL
);
CREATE INDEX receptions_on ON receptions(on_date);
CREATE INDEX receptions_station ON receptions(station_id, on_date);

CREATE TABLE reception_deputies (
    reception_id INTEGER NOT NULL REFERENCES receptions(id),
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    PRIMARY KEY (reception_id, person_id)
);
CREATE INDEX reception_deputies_person ON reception_deputies(person_id);

CREATE TABLE liaison_settings (
    congress_id  INTEGER PRIMARY KEY REFERENCES organisations(id),
    notice_days  INTEGER NOT NULL
);

ALTER TABLE opinions ADD COLUMN reception_id INTEGER REFERENCES receptions(id);
CREATE INDEX opinions_reception ON opinions(reception_id);
