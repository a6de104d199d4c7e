-- Running tallies of the duty archive: for each deputy, congress and year, what the counted
-- items (platform items, verified declarations) add up to per kind. Every write of an archive
-- item updates its tally in the same transaction (`archive::apply_tallies`), so recomputing a
-- score reads one row per deputy instead of every item; `Store::rebuild_tallies` derives them
-- all again from the items, with the statement below.
CREATE TABLE archive_tallies (
    congress_id BIGINT NOT NULL REFERENCES organisations(id),
    year        BIGINT NOT NULL,
    person_id   BIGINT NOT NULL REFERENCES persons(id),
    -- The latest date of any item ever counted in: an upper bound (taking an item out does not
    -- lower it). A score for a period ending before it is computed from the items instead.
    last_date   TEXT NOT NULL,
    -- A JSON array of [kind code, quantity, items] by kind code; kinds at zero are left out.
    totals      TEXT NOT NULL,
    PRIMARY KEY (congress_id, year, person_id)
);

INSERT INTO archive_tallies (congress_id, year, person_id, last_date, totals)
SELECT congress_id, year, person_id, MAX(last_date),
       CAST(json_agg(json_build_array(kind, quantity, items) ORDER BY kind) AS TEXT)
FROM (
    SELECT congress_id, CAST(substr(item_date, 1, 4) AS BIGINT) AS year, person_id, kind,
           CAST(SUM(quantity) AS BIGINT) AS quantity, COUNT(*) AS items, MAX(item_date) AS last_date
    FROM archive_items
    WHERE origin = 'platform' OR status = 'verified'
    GROUP BY congress_id, CAST(substr(item_date, 1, 4) AS BIGINT), person_id, kind
) per_kind
GROUP BY congress_id, year, person_id;
