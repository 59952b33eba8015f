-- 0004: the MASH front door — persons, contacts, screening history and
-- consent overrides (owned by src/mash/). Later tables (information
-- requests, decisions, chronology) hang off contact.id and person.id.
-- Codes are checked here as well as in mash/contact.c, so no path into the
-- database can store one that the code does not know.
-- Ids are AUTOINCREMENT in every table whose ids the audit log holds: an id
-- is never given again after retention deletes its row, so an old audit
-- event can never come to point at another child.

-- A person as recorded on one contact: the record, not the human. The same
-- child on two contacts is two rows; person linkage (src/link/) joins them.
CREATE TABLE person (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    given_name    TEXT,
    family_name   TEXT,
    other_names   TEXT,
    dob           TEXT,                 -- 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'
    dob_estimated INTEGER NOT NULL DEFAULT 0,
    sex           TEXT NOT NULL DEFAULT 'not_recorded'
                      CHECK (sex IN ('male', 'female', 'indeterminate', 'not_recorded')),
    nhs_number    TEXT,                 -- ten digits, Modulus 11 checked
    address       TEXT,
    postcode      TEXT,                 -- normalised "OUT IN"
    school        TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX person_nhs ON person (nhs_number) WHERE nhs_number IS NOT NULL;

CREATE TABLE contact (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at      INTEGER NOT NULL,
    source           TEXT NOT NULL CHECK (source IN ('1A', '1B', '1C', '1D', '2A', '2B', '3A',
                         '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7',
                         '8', '9', '10')),
    referrer_name    TEXT,
    referrer_role    TEXT,
    referrer_agency  TEXT,
    referrer_phone   TEXT,
    referrer_email   TEXT,
    concerns         TEXT NOT NULL,
    open_to_csc      INTEGER NOT NULL DEFAULT 0,
    consent          TEXT NOT NULL CHECK (consent IN ('given', 'refused', 'not_sought')),
    lawful_basis     TEXT NOT NULL CHECK (lawful_basis IN ('consent', 'contract',
                         'legal_obligation', 'vital_interests', 'public_task',
                         'legitimate_interests')),
    -- awaiting_screening -> screened; routed_to_allocated_team when already
    -- open to CSC. Later issues add their states (enquiry, decided, closed).
    status           TEXT NOT NULL,
    is_open          INTEGER NOT NULL DEFAULT 1, -- 1 while the MASH has work on it
    rag              TEXT CHECK (rag IN ('red', 'amber', 'green', 'blue')),
    level            INTEGER CHECK (level BETWEEN 1 AND 4),
    due_at           INTEGER,                    -- NULL: not rated, or blue
    -- due_at, or the largest int64 when there is none, so that the queue's
    -- keyset ("nulls last") is one index range in any SQL database.
    due_sort         INTEGER NOT NULL DEFAULT 9223372036854775807,
    assigned_to      INTEGER REFERENCES app_user (id),
    -- none: consent given, nothing to authorise; required: not sought or
    -- refused and no override asked; requested; authorised.
    override_state   TEXT NOT NULL CHECK (override_state IN ('none', 'required', 'requested',
                         'authorised')),
    created_by       INTEGER REFERENCES app_user (id), -- NULL: the command line
    created_at       INTEGER NOT NULL,
    idempotency_key  TEXT,
    idempotency_hash TEXT
);
CREATE UNIQUE INDEX contact_idempotency ON contact (created_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- The queue: open contacts by due time. Partial, so the million closed
-- contacts cost nothing; the filtered variants keep a filter from scanning
-- every open contact.
CREATE INDEX contact_queue ON contact (due_sort, id) WHERE is_open = 1;
CREATE INDEX contact_queue_worker ON contact (assigned_to, due_sort, id) WHERE is_open = 1;
CREATE INDEX contact_queue_rag ON contact (rag, due_sort, id) WHERE is_open = 1;
CREATE INDEX contact_queue_status ON contact (status, due_sort, id) WHERE is_open = 1;
CREATE INDEX contact_queue_level ON contact (level, due_sort, id) WHERE is_open = 1;
CREATE INDEX contact_received ON contact (received_at);

-- Who is on a contact, and as what. position keeps the order they were given.
CREATE TABLE contact_person (
    contact_id   INTEGER NOT NULL REFERENCES contact (id),
    person_id    INTEGER NOT NULL REFERENCES person (id),
    role         TEXT NOT NULL CHECK (role IN ('child', 'household')),
    position     INTEGER NOT NULL,
    relationship TEXT,  -- to the children, e.g. 'mother'; free text
    PRIMARY KEY (contact_id, person_id)
);
CREATE INDEX contact_person_person ON contact_person (person_id);

-- Factor codes of DOMAIN.md §4 (CIN census), as presented at the contact.
CREATE TABLE contact_factor (
    contact_id INTEGER NOT NULL REFERENCES contact (id),
    code       TEXT NOT NULL,
    PRIMARY KEY (contact_id, code)
);

-- Every RAG rating and level given to a contact, oldest first: the first
-- has from_* NULL; each later one needs a reason.
CREATE TABLE screening (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contact (id),
    at         INTEGER NOT NULL,
    by_user    INTEGER REFERENCES app_user (id),
    from_rag   TEXT,
    to_rag     TEXT NOT NULL CHECK (to_rag IN ('red', 'amber', 'green', 'blue')),
    from_level INTEGER,
    to_level   INTEGER NOT NULL CHECK (to_level BETWEEN 1 AND 4),
    due_at     INTEGER,
    reason     TEXT
);
CREATE INDEX screening_contact ON screening (contact_id, id);

-- Proceeding without consent: asked for by a worker with a reason,
-- authorised by a manager who is not the one who asked.
CREATE TABLE consent_override (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id    INTEGER NOT NULL REFERENCES contact (id),
    reason        TEXT NOT NULL,
    requested_by  INTEGER REFERENCES app_user (id),
    requested_at  INTEGER NOT NULL,
    authorised_by INTEGER REFERENCES app_user (id),
    authorised_at INTEGER,
    CHECK (authorised_by IS NULL OR requested_by IS NULL OR authorised_by <> requested_by)
);
CREATE INDEX consent_override_contact ON consent_override (contact_id, id);
