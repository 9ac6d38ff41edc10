-- e-APD reminders: the dates the ministry sets on a campaign. On each date, every authority
-- expected to declare that has not yet submitted gets a mail (queued in mail_outbox with
-- not_before = the date, reference_kind 'apd_reminder', reference_id = the authority), withdrawn
-- when the authority submits.
CREATE TABLE apd_reminders (
    year        INTEGER NOT NULL REFERENCES apd_campaigns (year),
    remind_on   TEXT NOT NULL CHECK (length(remind_on) = 10),  -- ISO date
    created_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (year, remind_on)
) WITHOUT ROWID;
