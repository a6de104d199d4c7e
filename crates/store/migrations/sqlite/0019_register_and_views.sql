-- Self-registration of the public (公众) and the unit's way to its deputy (issue 13, points 16
-- and 12).

-- A captcha shown on /register: only the SHA-256 of its random token is kept (its answer is
-- derived from the token under a server secret, never stored); it is deleted when checked, so
-- each is checked once, right or wrong.
CREATE TABLE register_challenges (
    token_hash   TEXT PRIMARY KEY,
    created_unix INTEGER NOT NULL,
    expires_unix INTEGER NOT NULL
);
CREATE INDEX register_challenges_expiry ON register_challenges(expires_unix);

-- A verification code sent to a mobile or an e-mail address: its HMAC under a server secret,
-- valid 10 minutes, 5 tries, used once. The rows also count the codes sent per contact.
CREATE TABLE register_codes (
    id           INTEGER PRIMARY KEY,
    contact      TEXT NOT NULL,
    code_hash    TEXT NOT NULL,
    address      TEXT NOT NULL,
    created_unix INTEGER NOT NULL,
    expires_unix INTEGER NOT NULL,
    tries        INTEGER NOT NULL DEFAULT 0,
    used_unix    INTEGER
);
CREATE INDEX register_codes_contact ON register_codes(contact, created_unix);

-- A deputy's work phone, kept by staff, and whether units handling the deputy's suggestions
-- see it (otherwise they reach the deputy through the congress's office).
ALTER TABLE persons ADD COLUMN work_phone TEXT;
ALTER TABLE persons ADD COLUMN work_phone_to_units INTEGER NOT NULL DEFAULT 0;

-- Staff waived a 会办 unit's view the 主办 was waiting for: when, and why.
ALTER TABLE suggestion_units ADD COLUMN view_waived_at TEXT;
ALTER TABLE suggestion_units ADD COLUMN view_waiver TEXT;
