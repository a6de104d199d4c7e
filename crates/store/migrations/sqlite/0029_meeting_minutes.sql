-- Who else is at a meeting and what was said there (issue 17): the 列席 list, the citizens in the
-- public gallery (旁听) with the meeting's cap on it, the speeches the clerk records and each
-- speaker signs off, and the 简报 assembled from signed-off speeches (the core's
-- `meeting::minutes`).

-- The gallery's seats for this meeting; empty while it is not capped.
ALTER TABLE meetings ADD COLUMN gallery_seats INTEGER;

-- One entry of the 列席 list: its kind (`minutes::AttendeeKind` code), name, organisation and post.
CREATE TABLE meeting_attendees (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    organisation TEXT NOT NULL,
    post         TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees(meeting_id);

-- A citizen registered by the clerk for the gallery, with a phone number when one was given.
CREATE TABLE meeting_visitors (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    name       TEXT NOT NULL,
    phone      TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_visitors_meeting ON meeting_visitors(meeting_id);

-- A speech: by a member (`person_id`) or a 列席 entry (`attendee_id`), on an agenda item or on the
-- meeting in general (`item_id` empty), its text as it now stands and its sign-off state
-- (`minutes::SpeechState` code); `written` once the clerk recorded the speaker's written
-- confirmation. Every change to the text is in the audit log.
CREATE TABLE meeting_speeches (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings(id),
    item_id       INTEGER REFERENCES meeting_items(id),
    person_id     INTEGER REFERENCES persons(id),
    attendee_id   INTEGER REFERENCES meeting_attendees(id),
    body          TEXT NOT NULL,
    state         TEXT NOT NULL,
    written       INTEGER NOT NULL DEFAULT 0,
    recorded_at   TEXT NOT NULL,
    recorded_by   INTEGER,
    signed_off_at TEXT,
    updated_at    TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (attendee_id IS NULL))
);
CREATE INDEX meeting_speeches_meeting ON meeting_speeches(meeting_id);
CREATE INDEX meeting_speeches_person ON meeting_speeches(person_id, state);

-- A 简报: assembled as a draft, numbered 第N期 per congress per year when published, then frozen.
CREATE TABLE meeting_bulletins (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    congress_id  INTEGER NOT NULL REFERENCES organisations(id),
    title        TEXT NOT NULL,
    state        TEXT NOT NULL,
    year         INTEGER,
    number       INTEGER,
    created_at   TEXT NOT NULL,
    published_at TEXT,
    published_by INTEGER
);
CREATE INDEX meeting_bulletins_meeting ON meeting_bulletins(meeting_id);
CREATE UNIQUE INDEX meeting_bulletins_number ON meeting_bulletins(congress_id, year, number);

-- The speeches of a 简报, in the order they are printed.
CREATE TABLE meeting_bulletin_speeches (
    bulletin_id INTEGER NOT NULL REFERENCES meeting_bulletins(id),
    speech_id   INTEGER NOT NULL REFERENCES meeting_speeches(id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (bulletin_id, speech_id)
);
CREATE INDEX meeting_bulletin_speeches_speech ON meeting_bulletin_speeches(speech_id);
