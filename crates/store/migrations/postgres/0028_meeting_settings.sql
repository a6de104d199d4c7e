-- Each congress's own settings for meetings and appointments (the core's `meeting::Settings`):
-- the notice and filing days, the law exam, secret appointments, the re-nomination bar and the
-- publication days. A congress without a row follows the core's defaults.
CREATE TABLE meeting_settings (
    congress_id              BIGINT PRIMARY KEY REFERENCES organisations(id),
    notice_days              BIGINT NOT NULL,
    filing_days              BIGINT NOT NULL,
    exam_required            BIGINT NOT NULL,
    secret_appointments      BIGINT NOT NULL,
    renomination_months      BIGINT NOT NULL,
    bar_after_second_failure BIGINT NOT NULL,
    publish_days             BIGINT NOT NULL
);

-- A vote counted in the room when the devices failed (the core's `meeting::vote::Counted`): the
-- method's code (`show_of_hands`, `paper_ballot`) and the two members who counted (监票人). Such
-- a vote has no roll, no voters and no choices; its frozen tally is in the columns of the close.
ALTER TABLE meeting_items ADD COLUMN counted_by TEXT;
ALTER TABLE meeting_items ADD COLUMN teller_1 BIGINT REFERENCES persons(id);
ALTER TABLE meeting_items ADD COLUMN teller_2 BIGINT REFERENCES persons(id);
