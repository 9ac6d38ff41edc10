-- Mail: the outbox every module writes its mails to (in its own write transaction, so a failed
-- write sends nothing), read by the SMTP sender and by the administrators' outbox page.
--
-- Times are UTC text "YYYY-MM-DD HH:MM:SS" (the format of CURRENT_TIMESTAMP) so that they
-- compare as text. A mail is 'pending' until next_attempt_at (first not_before, then the time
-- of the next retry); a sender claims it in a write transaction ('sending', a claim token,
-- next_attempt_at = the end of its lease, attempts + 1), sends it, then records 'sent' or a
-- failure ('pending' again with a later next_attempt_at, or 'failed' for good). A claim whose
-- lease ended (a sender that died) may be claimed again. A pending mail its sender no longer
-- wants (a reminder made obsolete) is 'cancelled'.
CREATE TABLE mail_outbox (
    id               INTEGER PRIMARY KEY,
    subject          TEXT NOT NULL,
    text_body        TEXT NOT NULL,
    html_body        TEXT,
    reply_to         TEXT,
    reference_kind   TEXT,
    reference_id     INTEGER,
    message_token    TEXT NOT NULL UNIQUE,
    created_at       TEXT NOT NULL,
    not_before       TEXT NOT NULL,
    next_attempt_at  TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error       TEXT,
    claim_token      TEXT,
    sent_at          TEXT
);
-- The senders' question: which mails are due?
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at)
    WHERE status IN ('pending', 'sending');
CREATE INDEX mail_outbox_reference ON mail_outbox (reference_kind, reference_id);
CREATE INDEX mail_outbox_status ON mail_outbox (status, id);

CREATE TABLE mail_recipients (
    mail_id   INTEGER NOT NULL REFERENCES mail_outbox (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    address   TEXT NOT NULL,
    PRIMARY KEY (mail_id, position)
) WITHOUT ROWID;
CREATE INDEX mail_recipients_address ON mail_recipients (address COLLATE NOCASE);

CREATE TABLE mail_attachments (
    mail_id       INTEGER NOT NULL REFERENCES mail_outbox (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    content       BLOB NOT NULL,
    PRIMARY KEY (mail_id, position)
);
