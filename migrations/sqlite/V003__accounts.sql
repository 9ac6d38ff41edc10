-- Accounts: organisations, users, sessions, one-time links, API tokens, login throttling,
-- the audit log and the server's signing key. Times are Unix seconds (UTC).

-- An organisation whose staff use the extranet. An authority is linked to its Atlas record
-- (authorities.siren); an embassy to a country; a prefecture (de région) to a région.
CREATE TABLE organisations (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL
        CHECK (kind IN ('authority', 'embassy', 'prefecture', 'ministry', 'operator', 'network')),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
    search_name     TEXT NOT NULL,               -- slug of the name, for search
    authority_id    INTEGER UNIQUE REFERENCES authorities (id),
    country_iso2    TEXT REFERENCES countries (iso2),
    region_code     TEXT REFERENCES regions (code),
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged')),
    merged_into_id  INTEGER REFERENCES organisations (id),
    created_at      INTEGER NOT NULL,
    CHECK (kind = 'authority' OR authority_id IS NULL),
    CHECK (kind <> 'authority' OR authority_id IS NOT NULL OR status = 'merged'),
    CHECK (kind <> 'embassy' OR country_iso2 IS NOT NULL),
    CHECK (kind <> 'prefecture' OR region_code IS NOT NULL)
);
CREATE INDEX organisations_kind ON organisations (kind, search_name);

-- The Atlas authorities whose records an organisation holds: its own (organisations.authority_id)
-- and those of the organisations merged into it (communes nouvelles). One holder per authority.
CREATE TABLE organisation_authorities (
    authority_id     INTEGER PRIMARY KEY REFERENCES authorities (id),
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id)
);
CREATE INDEX organisation_authorities_organisation ON organisation_authorities (organisation_id);

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    email            TEXT NOT NULL UNIQUE,       -- lower case
    name             TEXT NOT NULL,
    job_title        TEXT NOT NULL DEFAULT '',
    password_hash    TEXT,                       -- Argon2id encoded string; NULL until set
    role             TEXT NOT NULL
        CHECK (role IN ('member', 'org_admin', 'ministry_admin', 'instructor')),
    status           TEXT NOT NULL CHECK (status IN ('pending', 'active', 'disabled')),
    totp_secret      TEXT,                       -- base32; enabled when totp_enabled = 1
    totp_enabled     INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
    totp_last_step   INTEGER NOT NULL DEFAULT 0, -- last accepted time step (replay refused)
    created_at       INTEGER NOT NULL,
    approved_at      INTEGER,
    approved_by      INTEGER REFERENCES users (id)
);
CREATE INDEX users_organisation ON users (organisation_id, status);

-- Server-side sessions: only the SHA-256 of the cookie value is stored. A session in state
-- 'totp' has passed the password and awaits the second factor (it grants nothing else).
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state         TEXT NOT NULL CHECK (state IN ('totp', 'active')),
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,              -- absolute expiry
    ip            TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Single-use links sent by e-mail: password reset (1 h) and invitation (7 days).
CREATE TABLE account_links (
    token_hash  TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('reset', 'invitation')),
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX account_links_user ON account_links (user_id);

-- Personal API tokens (Bearer), shown once; only their SHA-256 is kept.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash    TEXT NOT NULL UNIQUE,
    prefix        TEXT NOT NULL,                 -- first characters, to recognise a token
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed sign-ins, per account key ('email:<sha256>') and per address ('ip:<address>').
CREATE TABLE login_failures (
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

-- Every change made through the accounts module and the modules after it.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    actor_user_id  INTEGER REFERENCES users (id),
    actor          TEXT NOT NULL,                -- e-mail or 'system', kept if the user goes
    action         TEXT NOT NULL,                -- 'user.sign_up', 'organisation.merge'…
    record_type    TEXT NOT NULL,
    record_id      TEXT NOT NULL,
    before_json    TEXT,
    after_json     TEXT,
    ip             TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- Secrets of the server shared by every instance (CSRF signing key).
CREATE TABLE server_keys (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
