-- 0006: the MASH enquiry — data sharing agreements, information requests to
-- partner agencies and their responses (owned by src/mash/agreement.c and
-- src/mash/request.c). Codes are checked here as well as in the code, so no
-- path into the database can store one the code does not know.

-- A data sharing agreement between two or more agencies. Dates are the
-- Europe/London calendar dates 'YYYY-MM-DD' (valid_from and valid_to both
-- inclusive), so they compare as text; valid_from <= review_date <= valid_to.
CREATE TABLE data_sharing_agreement (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    review_date TEXT NOT NULL,
    created_by  INTEGER REFERENCES app_user (id), -- NULL: the command line
    created_at  INTEGER NOT NULL,
    CHECK (valid_from <= valid_to),
    CHECK (review_date BETWEEN valid_from AND valid_to)
);

-- The agreement's lists, in the order given: purposes and data categories
-- (free text), lawful bases (UK GDPR Art. 6; the first is the one recorded
-- on audit events of requests made under the agreement).
CREATE TABLE data_sharing_agreement_term (
    agreement_id INTEGER NOT NULL REFERENCES data_sharing_agreement (id),
    kind         TEXT NOT NULL CHECK (kind IN ('purpose', 'data_category', 'lawful_basis')),
    position     INTEGER NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (agreement_id, kind, position),
    CHECK (kind <> 'lawful_basis' OR value IN ('consent', 'contract', 'legal_obligation',
        'vital_interests', 'public_task', 'legitimate_interests'))
);

CREATE TABLE data_sharing_agreement_party (
    agreement_id INTEGER NOT NULL REFERENCES data_sharing_agreement (id),
    agency_id    INTEGER NOT NULL REFERENCES agency (id),
    PRIMARY KEY (agreement_id, agency_id)
);
CREATE INDEX data_sharing_agreement_party_agency ON data_sharing_agreement_party (agency_id);

-- One information request from the MASH to one agency about one contact,
-- under one agreement. due_at runs from requested_at on the RAG clock of
-- the contact's rating at the time it was sent.
CREATE TABLE info_request (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id   INTEGER NOT NULL REFERENCES contact (id),
    agency_id    INTEGER NOT NULL REFERENCES agency (id),
    agreement_id INTEGER NOT NULL REFERENCES data_sharing_agreement (id),
    requested_by INTEGER REFERENCES app_user (id), -- NULL: the command line
    requested_at INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    rag          TEXT NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
    question     TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'responded', 'declined', 'withdrawn')),
    closed_at    INTEGER            -- when it left 'open'
);
-- The agency inbox and the overdue-per-agency page: open requests of one
-- agency by due time; partial, so answered requests cost nothing.
CREATE INDEX info_request_inbox ON info_request (agency_id, due_at, id) WHERE status = 'open';
-- Overdue across agencies (the queue page).
CREATE INDEX info_request_open_due ON info_request (due_at, agency_id) WHERE status = 'open';
CREATE INDEX info_request_contact ON info_request (contact_id, id);

-- Who the request is about: the persons whose minimum details (names, date
-- of birth, sex, NHS number, address, postcode) the agency sees to search
-- its records. Fixed when the request is sent.
CREATE TABLE info_request_person (
    request_id INTEGER NOT NULL REFERENCES info_request (id),
    person_id  INTEGER NOT NULL REFERENCES person (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (request_id, person_id)
);
CREATE INDEX info_request_person_person ON info_request_person (person_id);

-- The one answer to a request: findings (known / not_known) or a decline
-- with its reason. UNIQUE (request_id): a request is answered once.
CREATE TABLE info_response (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id     INTEGER NOT NULL UNIQUE REFERENCES info_request (id),
    responder      INTEGER REFERENCES app_user (id),
    responded_at   INTEGER NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('known', 'not_known', 'declined')),
    findings       TEXT,
    decline_reason TEXT,
    CHECK ((outcome = 'declined') = (decline_reason IS NOT NULL))
);

-- Structured risk indicators of a response (the fixed vocabulary of
-- mash/request.h, request_indicators[]).
CREATE TABLE info_response_indicator (
    response_id INTEGER NOT NULL REFERENCES info_response (id),
    code        TEXT NOT NULL CHECK (code IN ('domestic_abuse', 'violence', 'weapons', 'drugs',
                    'alcohol', 'mental_health', 'missing_episodes', 'exploitation_cse',
                    'exploitation_cce', 'gang_association', 'sexual_offence', 'neglect',
                    'previous_cp_plan', 'other')),
    PRIMARY KEY (response_id, code)
);
