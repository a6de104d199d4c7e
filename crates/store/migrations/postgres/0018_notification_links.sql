-- A notification about something other than a suggestion (a ballot to vote on, a citizen's
-- opinion) links to its page.
ALTER TABLE notifications ADD COLUMN link TEXT;
