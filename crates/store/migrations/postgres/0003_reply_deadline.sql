-- The reply deadline in force when each reply was given, so that on-time rates need no
-- reconstruction of extensions and re-handling afterwards.
ALTER TABLE suggestion_replies ADD COLUMN due_on TEXT;
