-- A production installation (issue 14): its own settings, organisations known by the code of
-- the office's sheet, a congress's current term, closed organisations, and accounts that must
-- change the one-time password they were given before doing anything else.

-- The installation's settings by key: site_name (the platform's name, written by renda init and
-- editable by the admin), demo ('1' in a database renda demo loaded).
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- 机构代码: the stable code an imported sheet names an organisation by (NULL for those made by
-- hand). Several NULLs are allowed by a unique index on both backends.
ALTER TABLE organisations ADD COLUMN code TEXT;
CREATE UNIQUE INDEX organisations_code ON organisations(code);
-- A congress's current term (届次), when known.
ALTER TABLE organisations ADD COLUMN term INTEGER;
-- When the organisation was closed (撤销); closed ones are kept for the records that name them.
ALTER TABLE organisations ADD COLUMN closed_at TEXT;

ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
