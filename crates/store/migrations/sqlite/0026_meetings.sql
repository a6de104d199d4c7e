-- Meetings of a congress and their votes (issue 17): the committee's dated memberships, meetings,
-- the matters on their agendas with each one's vote, attendance and written leave requests.
-- A matter keeps the core's `meeting::agenda::Matter` as JSON (`matter`); its vote state and,
-- once closed, the frozen tally and the announcement are columns.
--
-- Votes keep the core's split. An open vote (记名表决) keeps its roll in `meeting_vote_roll`
-- (who chose what). A secret one (无记名表决) keeps who has voted in `meeting_vote_voters` and what
-- was chosen in `meeting_vote_choices`: a random key, the choice, no person, no time, no sequence
-- (WITHOUT ROWID: stored in the random key's order, so neither table's order follows the other).

-- One person's membership of the congress's standing committee (or presidium) for a period, both
-- days included; `until_on` is empty while they serve. A change of role ends one and starts another.
CREATE TABLE committee_memberships (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    role        TEXT NOT NULL,
    from_on     TEXT NOT NULL,
    until_on    TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX committee_memberships_congress ON committee_memberships(congress_id, from_on);
CREATE INDEX committee_memberships_person ON committee_memberships(person_id);

-- A meeting: its kind (`meeting::MeetingKind` code), number in the term when it has one, title,
-- day, place and the day members were notified.
CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    kind        TEXT NOT NULL,
    number      INTEGER,
    title       TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    place       TEXT NOT NULL,
    notified_on TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX meetings_congress ON meetings(congress_id, held_on);

-- A matter put to the vote, in the order `meeting::agenda::order` gives (`position`), with its
-- secrecy and vote state. `members` is the body's size when the vote opened; the tally, the votes
-- needed, the verdict and the text the chair read are filled when it closes and never change.
CREATE TABLE meeting_items (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    matter_kind TEXT NOT NULL,
    matter      TEXT NOT NULL,
    secrecy     TEXT NOT NULL,
    vote_state  TEXT NOT NULL,
    members     INTEGER NOT NULL DEFAULT 0,
    yes         INTEGER,
    no          INTEGER,
    abstain     INTEGER,
    not_voted   INTEGER,
    needed      INTEGER,
    passed      INTEGER,
    announced   TEXT,
    opened_at   TEXT,
    closed_at   TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX meeting_items_meeting ON meeting_items(meeting_id, position);

-- Each member's attendance: present (signed in, when and by whom), on leave (with its reason).
-- A member with no row is absent.
CREATE TABLE meeting_attendance (
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    presence     TEXT NOT NULL,
    reason       TEXT,
    signed_in_at TEXT,
    recorded_by  INTEGER,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

-- Written leave requests and the 主任's decision on each.
CREATE TABLE meeting_leave_requests (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    reason       TEXT NOT NULL,
    state        TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    requested_by INTEGER,
    decided_at   TEXT,
    decided_by   INTEGER
);
CREATE INDEX meeting_leave_requests_meeting ON meeting_leave_requests(meeting_id, person_id);

-- An open vote's roll: who chose what (未表决 added for those present who did not vote at close).
CREATE TABLE meeting_vote_roll (
    item_id   INTEGER NOT NULL REFERENCES meeting_items(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    choice    TEXT NOT NULL,
    PRIMARY KEY (item_id, person_id)
) WITHOUT ROWID;

-- A secret vote: who has voted …
CREATE TABLE meeting_vote_voters (
    item_id   INTEGER NOT NULL REFERENCES meeting_items(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    PRIMARY KEY (item_id, person_id)
) WITHOUT ROWID;

-- … and, apart, what was chosen: under a random key, with nothing that names or orders a voter.
CREATE TABLE meeting_vote_choices (
    item_id    INTEGER NOT NULL REFERENCES meeting_items(id),
    choice_key TEXT NOT NULL,
    choice     TEXT NOT NULL,
    PRIMARY KEY (item_id, choice_key)
) WITHOUT ROWID;
