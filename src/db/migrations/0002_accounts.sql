-- 0002: accounts — agencies, users, sessions, API tokens (owned by src/auth/).
-- Secrets are stored only as BLAKE2b-256 hashes (hex); passwords as argon2id
-- strings. "app_user" because "user" is reserved in PostgreSQL.
CREATE TABLE agency (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('police', 'childrens_social_care', 'health',
                   'education', 'probation', 'housing', 'youth_justice', 'other')),
    created_at INTEGER NOT NULL
);

CREATE TABLE app_user (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id       INTEGER NOT NULL REFERENCES agency (id),
    email           TEXT NOT NULL,
    email_key       TEXT NOT NULL UNIQUE, -- email with ASCII letters lower-cased
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('mash_worker', 'mash_manager',
                        'agency_researcher', 'ig_officer', 'partnership_admin', 'sysadmin')),
    password_hash   TEXT,                 -- NULL: service account, cannot sign in
    disabled        INTEGER NOT NULL DEFAULT 0,
    failed_count    INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    last_sign_in_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX app_user_agency ON app_user (agency_id);

CREATE TABLE session (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    csrf         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX session_user ON session (user_id);

CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES app_user (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL, -- refused from this time on (auth_token_lookup)
    last_used_at INTEGER NOT NULL DEFAULT 0,
    revoked_at   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_token_user ON api_token (user_id);
