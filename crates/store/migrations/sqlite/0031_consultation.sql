-- Public consultation on draft regulations (法规草案公开征求意见, issue 18): a city congress's
-- draft regulations through their versions, each version's text with its 说明 and articles, the
-- comments taken on it by every channel with their receipt codes, the groups staff answer, the
-- 征求意见情况 report as published, and the liaison stations that are 基层立法联系点.

-- A liaison station flagged as a 基层立法联系点: it hears of every consultation its city opens
-- and records what its meetings gathered.
ALTER TABLE organisations ADD COLUMN legislative_point INTEGER NOT NULL DEFAULT 0;

-- A draft regulation of a congress (only a 设区的市's: the core's `Regulation::open`).
CREATE TABLE regulations (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES organisations(id),
    title       TEXT NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX regulations_congress ON regulations(congress_id);

-- One published draft (第1稿, 第2稿…) with its comment period, both days included; `draft` is the
-- core's `filing::draft::Draft` as JSON: the text, the 说明 and the articles split from the text.
CREATE TABLE regulation_versions (
    regulation_id INTEGER NOT NULL REFERENCES regulations(id),
    number        INTEGER NOT NULL,
    articles      INTEGER NOT NULL,
    opens_on      TEXT NOT NULL,
    closes_on     TEXT NOT NULL,
    draft         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (regulation_id, number)
);

-- A group of duplicate comments on one version, answered once (采纳 / 部分采纳 / 未采纳 with
-- the reason); `summary` is the text of its first comment.
CREATE TABLE regulation_groups (
    id            INTEGER PRIMARY KEY,
    regulation_id INTEGER NOT NULL REFERENCES regulations(id),
    version       INTEGER NOT NULL,
    summary       TEXT NOT NULL,
    disposition   TEXT,
    reason        TEXT NOT NULL DEFAULT '',
    answered_at   TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX regulation_groups_regulation ON regulation_groups(regulation_id, version);

-- A comment on a version, on the whole draft (`article` NULL) or on one article. `source` is the
-- core's `Source` as JSON: a citizen's name and contact are in it and are never published.
-- `client_addr` is kept for the public form's flood limit only.
CREATE TABLE regulation_comments (
    id            INTEGER PRIMARY KEY,
    regulation_id INTEGER NOT NULL REFERENCES regulations(id),
    version       INTEGER NOT NULL,
    receipt       TEXT NOT NULL UNIQUE,
    channel       TEXT NOT NULL,
    article       INTEGER,
    source        TEXT NOT NULL,
    body          TEXT NOT NULL,
    grouping_key  TEXT NOT NULL,
    group_id      INTEGER REFERENCES regulation_groups(id),
    on_day        TEXT NOT NULL,
    client_addr   TEXT,
    created_by    INTEGER REFERENCES users(id),
    created_at    TEXT NOT NULL
);
CREATE INDEX regulation_comments_regulation ON regulation_comments(regulation_id, version);
CREATE INDEX regulation_comments_addr ON regulation_comments(client_addr, created_at);

-- The 征求意见情况 report of a version as published (the core's `report::Report` with each
-- group's summary, JSON): what the portal shows, unchanged by later answers.
CREATE TABLE regulation_reports (
    regulation_id INTEGER NOT NULL REFERENCES regulations(id),
    version       INTEGER NOT NULL,
    report        TEXT NOT NULL,
    published_on  TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    PRIMARY KEY (regulation_id, version)
);
