-- The columns a user chose for an export ('suggestions', 'opinions_overdue', 'reviews_overdue'),
-- as a comma-separated list of column codes; no row means every column.
CREATE TABLE export_columns (
    user_id INTEGER NOT NULL REFERENCES users(id),
    export  TEXT NOT NULL,
    columns TEXT NOT NULL,
    PRIMARY KEY (user_id, export)
);

-- 催办: a reminder to the units of an overdue suggestion, at most one per suggestion and day
-- (Beijing civil date); the audit entry carries who sent it.
CREATE TABLE suggestion_reminders (
    suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
    on_date       TEXT NOT NULL,
    PRIMARY KEY (suggestion_id, on_date)
);
