-- 0008: person linkage in the MASH flow (owned by src/mash/linkage.c):
-- links joining person records believed to be one child, and the clerical
-- review queue of candidate pairs. Links are never deleted: undoing one
-- stamps it, so the history of who joined and who separated stays.
--
-- The rule that a human decision is respected by later runs is kept in
-- mash/linkage.c and rests on these tables: a pair is queued or auto-linked
-- only when link_review has no row for it (one row per pair, UNIQUE below),
-- so a pair decided "different" is never linked or queued again; deciding
-- "same" creates the link; a pair whose link was undone is treated as
-- "different" from then on. Decisions are final (a trigger refuses changing
-- one); a wrong "same" is mended by undoing its link.

-- A cluster of person records believed to be one child (the engine links
-- pairs; a cluster is the connected set of active links).
CREATE TABLE person_link (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    person_ids  TEXT NOT NULL,                    -- JSON array of person ids, ascending
    evidence    TEXT NOT NULL,                    -- JSON: probability, match weight, fields
    created_by  INTEGER REFERENCES app_user (id), -- NULL: the engine (auto-link)
    created_at  INTEGER NOT NULL,
    undone_at   INTEGER,
    undone_by   INTEGER REFERENCES app_user (id),
    undo_reason TEXT,
    CHECK ((undone_at IS NULL) = (undo_reason IS NULL))
);

-- The members of each link, for "which links hold person P".
CREATE TABLE person_link_member (
    link_id   INTEGER NOT NULL REFERENCES person_link (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    PRIMARY KEY (link_id, person_id)
);
CREATE INDEX person_link_member_person ON person_link_member (person_id, link_id);

-- A candidate pair for a person to decide: person_a < person_b, once.
CREATE TABLE link_review (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    person_a     INTEGER NOT NULL REFERENCES person (id),
    person_b     INTEGER NOT NULL REFERENCES person (id),
    -- integers, so the queue's keyset compares exactly and every backend
    -- binds them alike: millionths of probability, thousandths of a bit
    probability_ppm INTEGER NOT NULL CHECK (probability_ppm BETWEEN 0 AND 1000000),
    weight_mbits INTEGER NOT NULL,
    explanation  TEXT NOT NULL,                    -- JSON, as person_link.evidence
    status       TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'same', 'different')),
    created_at   INTEGER NOT NULL,
    decided_by   INTEGER REFERENCES app_user (id),
    decided_at   INTEGER,
    reason       TEXT,
    link_id      INTEGER REFERENCES person_link (id), -- the link a "same" made
    CHECK (person_a < person_b),
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX link_review_pair ON link_review (person_a, person_b);
-- The queue: pending pairs, highest probability first (keyset on probability_ppm, id).
CREATE INDEX link_review_queue ON link_review (probability_ppm DESC, id) WHERE status = 'pending';

CREATE TRIGGER link_review_decided_final BEFORE UPDATE ON link_review
WHEN OLD.status <> 'pending'
BEGIN
    SELECT RAISE(ABORT, 'link_review: a decision is final');
END;

CREATE TRIGGER person_link_no_delete BEFORE DELETE ON person_link
BEGIN
    SELECT RAISE(ABORT, 'person_link: links are undone, never deleted');
END;
