-- Personnel cases of a standing committee (任免案, issue 17): the posts it appoints to, each case
-- from its filing to its vote (the core's `meeting::case`), the files filed with it, the law exam
-- before appointment, the oath after it and the 任命书 issued.

-- A post the committee appoints to, as decisions name it (示范市教育局局长), in its organ (the
-- unit the post belongs to; a law exam's pass holds for the organ it was taken for).
CREATE TABLE posts (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    organ_id    INTEGER NOT NULL REFERENCES organisations(id),
    title       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (congress_id, title)
);

-- A case: who proposed what for whom, for which meeting, in which term; its state (the core's
-- `CaseState` code); the reason of its last return or its withdrawal; the nominee's statement,
-- the defence of a dismissal; the agenda item it is voted as once scheduled.
CREATE TABLE personnel_cases (
    id             INTEGER PRIMARY KEY,
    congress_id    INTEGER NOT NULL REFERENCES organisations(id),
    meeting_id     INTEGER NOT NULL REFERENCES meetings(id),
    term           INTEGER NOT NULL,
    proposer       TEXT NOT NULL,
    action         TEXT NOT NULL,
    person_id      INTEGER NOT NULL REFERENCES persons(id),
    post_id        INTEGER NOT NULL REFERENCES posts(id),
    signatures     INTEGER NOT NULL DEFAULT 0,
    filed_on       TEXT NOT NULL,
    state          TEXT NOT NULL,
    reason         TEXT,
    statement_mode TEXT,
    statement      TEXT,
    defence        TEXT,
    item_id        INTEGER REFERENCES meeting_items(id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX personnel_cases_congress ON personnel_cases(congress_id, meeting_id);
CREATE INDEX personnel_cases_item ON personnel_cases(item_id);
CREATE INDEX personnel_cases_nominee ON personnel_cases(person_id, post_id);

-- The files filed with a case, each as the material it is (`Material` code): the same bytes may
-- stand as two materials.
CREATE TABLE personnel_case_files (
    case_id  INTEGER NOT NULL REFERENCES personnel_cases(id),
    material TEXT NOT NULL,
    hash     TEXT NOT NULL REFERENCES files(hash),
    filename TEXT NOT NULL,
    PRIMARY KEY (case_id, material, hash)
);

-- A sitting of the law exam before appointment (任前法律知识考试): for the term and the organ.
CREATE TABLE law_exams (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    organ_id    INTEGER NOT NULL REFERENCES organisations(id),
    term        INTEGER NOT NULL,
    sat_on      TEXT NOT NULL,
    score       INTEGER,
    passed      INTEGER NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX law_exams_person ON law_exams(person_id, term);

-- The 宪法宣誓 of an appointment passed: once.
CREATE TABLE oaths (
    case_id     INTEGER PRIMARY KEY REFERENCES personnel_cases(id),
    sworn_on    TEXT NOT NULL,
    mode        TEXT NOT NULL,
    supervisor  TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER
);

-- The 任命书 of an appointment passed, numbered on the congress's certificate template's code.
CREATE TABLE appointment_certificates (
    case_id     INTEGER PRIMARY KEY REFERENCES personnel_cases(id),
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    code        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    number      TEXT NOT NULL,
    file_hash   TEXT NOT NULL REFERENCES files(hash),
    filename    TEXT NOT NULL,
    issued_by   INTEGER,
    issued_at   TEXT NOT NULL,
    UNIQUE (congress_id, code, year, seq)
);
