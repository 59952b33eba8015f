-- 0003: the append-only, hash-chained audit log (owned by src/audit/).
-- hash = BLAKE2b-256 over the canonical encoding of the row and prev_hash
-- (audit/audit.c); the triggers refuse any change to history.
CREATE TABLE audit_event (
    seq          INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    user_id      INTEGER,
    agency_id    INTEGER,
    action       TEXT NOT NULL,
    object_type  TEXT,
    object_id    INTEGER,
    person_ids   TEXT NOT NULL DEFAULT '[]',
    purpose      TEXT NOT NULL,
    lawful_basis TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    detail       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_event_at ON audit_event (at);

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event is append-only');
END;

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event is append-only');
END;
