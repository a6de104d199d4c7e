-- Outbound delivery of notifications by e-mail (SMTP) and by webhook (an SMS gateway), when
-- configured: where to reach an account, and each notification's delivery state.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE notifications ADD COLUMN sent_at TEXT;
ALTER TABLE notifications ADD COLUMN send_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN send_error TEXT;
