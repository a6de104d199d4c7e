-- Corrections of a year's rule table (issue 13): a version may correct the ones before it with
-- effect from 1 January, so two versions of a year may now share an effective date (the old
-- ones are kept, superseded).
ALTER TABLE rule_book_versions DROP CONSTRAINT IF EXISTS rule_book_versions_congress_id_year_effective_from_key;
-- A correction: the version in force when it was made, and the reason staff gave.
ALTER TABLE rule_book_versions ADD COLUMN corrects BIGINT;
ALTER TABLE rule_book_versions ADD COLUMN correction_reason TEXT;
