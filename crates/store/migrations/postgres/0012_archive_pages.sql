-- The duty archive's pages (issue 5): which item kinds a congress publishes on the portal
-- (代表法 Art. 58: deputies' basic and duty information is public; staff choose which kinds),
-- and the evidence files attached to declared items (the bytes live once in `files`).

CREATE TABLE archive_public_kinds (
    congress_id BIGINT NOT NULL REFERENCES organisations(id),
    -- `ItemKind::code()`.
    kind        TEXT NOT NULL,
    PRIMARY KEY (congress_id, kind)
);

CREATE TABLE archive_item_files (
    item_id  BIGINT NOT NULL REFERENCES archive_items(id),
    hash     TEXT NOT NULL REFERENCES files(hash),
    filename TEXT NOT NULL,
    PRIMARY KEY (item_id, hash)
);
