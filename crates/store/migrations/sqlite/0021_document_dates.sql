-- A text's date is its day or, for a text known only by its year (a work report whose header
-- gives no day), 1 January of that year with date_precision 'year', shown as the year alone.
-- Lists are ordered by the text's date.
ALTER TABLE documents ADD COLUMN date_precision TEXT NOT NULL DEFAULT 'day';

-- Imported reports and laws never had a publication time of their own: the importer put the
-- time of the import (or the text's midnight) there, which lists then showed as the document's
-- date. They keep none; their text date stands for them.
UPDATE documents SET published_at = NULL WHERE source LIKE 'report:%' OR source LIKE 'law:%';
