-- 0007: MASH decisions (owned by src/mash/decision.c) and what a decision
-- leaves on its contact: the CIN census referral date and ReferralNFA flag,
-- and the time the contact was decided (turnaround = received_at ->
-- decided_at). Codes are checked here as well as in mash/decision.c.

-- Every proposal, oldest first. A worker (or manager) proposes; a manager
-- who is not the proposer authorises or rejects. Proposing again while a
-- proposal is pending supersedes it (status 'superseded', replaced_by the
-- new one), so the history is kept and at most one is pending.
CREATE TABLE decision (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id        INTEGER NOT NULL REFERENCES contact (id),
    proposed_by       INTEGER REFERENCES app_user (id), -- NULL: the command line
    proposed_at       INTEGER NOT NULL,
    level             INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4), -- final London level
    outcome           TEXT NOT NULL CHECK (outcome IN ('no_further_action',
                          'signpost_universal', 'early_help', 'assessment_s17',
                          'strategy_discussion_s47', 'pass_to_allocated_worker',
                          'refer_other_agency')),
    rationale         TEXT NOT NULL,
    -- The feedback to the referrer: what was said, how, and when (NULL
    -- given_at: recorded but not yet given).
    feedback_text     TEXT,
    feedback_method   TEXT CHECK (feedback_method IN ('phone', 'email', 'secure_email',
                          'letter', 'in_person', 'portal')),
    feedback_given_at INTEGER,
    status            TEXT NOT NULL CHECK (status IN ('proposed', 'authorised', 'rejected',
                          'superseded')),
    authorised_by     INTEGER REFERENCES app_user (id),
    authorised_at     INTEGER,
    rejected_by       INTEGER REFERENCES app_user (id),
    rejected_at       INTEGER,
    rejection_reason  TEXT,
    replaced_by       INTEGER REFERENCES decision (id),
    CHECK (feedback_text IS NULL OR feedback_method IS NOT NULL),
    CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL),
    -- Four eyes: nobody authorises or rejects their own proposal.
    CHECK (authorised_by IS NULL OR proposed_by IS NULL OR authorised_by <> proposed_by),
    CHECK (rejected_by IS NULL OR proposed_by IS NULL OR rejected_by <> proposed_by)
);
CREATE INDEX decision_contact ON decision (contact_id, id);
CREATE UNIQUE INDEX decision_pending ON decision (contact_id) WHERE status = 'proposed';
CREATE UNIQUE INDEX decision_authorised ON decision (contact_id) WHERE status = 'authorised';

-- Set when a decision is authorised (see mash/decision.h for the rule):
-- referral_date is the contact's received_at when it became a referral,
-- NULL when it did not; referral_nfa is the CIN census ReferralNFA (0/1),
-- NULL when not a referral.
ALTER TABLE contact ADD COLUMN referral_date INTEGER;
ALTER TABLE contact ADD COLUMN referral_nfa INTEGER CHECK (referral_nfa IN (0, 1));
ALTER TABLE contact ADD COLUMN decided_at INTEGER;
CREATE INDEX contact_referral ON contact (referral_date) WHERE referral_date IS NOT NULL;
CREATE INDEX contact_decided ON contact (decided_at) WHERE decided_at IS NOT NULL;
