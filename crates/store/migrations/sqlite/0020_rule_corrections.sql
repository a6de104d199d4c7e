-- Corrections of a year's rule table (issue 13): a version may correct the ones before it with
-- effect from 1 January, so two versions of a year may now share an effective date (the old
-- ones are kept, superseded). SQLite drops a table constraint only by rebuilding the table.
CREATE TABLE rule_book_versions_new (
    congress_id       INTEGER NOT NULL REFERENCES organisations(id),
    year              INTEGER NOT NULL,
    version           INTEGER NOT NULL,
    effective_from    TEXT NOT NULL,
    table_json        TEXT NOT NULL,
    -- The day it was published (or last corrected, before the year started).
    published_on      TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    -- A correction: the version in force when it was made, and the reason staff gave.
    corrects          INTEGER,
    correction_reason TEXT,
    PRIMARY KEY (congress_id, year, version)
);
INSERT INTO rule_book_versions_new
    (congress_id, year, version, effective_from, table_json, published_on, created_at, updated_at)
SELECT congress_id, year, version, effective_from, table_json, published_on, created_at, updated_at
FROM rule_book_versions;
DROP TABLE rule_book_versions;
ALTER TABLE rule_book_versions_new RENAME TO rule_book_versions;
