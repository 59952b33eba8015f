-- 0010: the aggregate reports (owned by src/report/). The turnaround report
-- reads every contact decided in a period in one pass of one index, so the
-- first (initial) rating of a contact, which lives in its screening history,
-- is copied onto the contact when it is given: initial_rag, initial_level
-- and initial_due_at (the due time that first rating set; NULL for blue).
-- A trigger keeps the copy, so no writer of screening has to know about it;
-- contacts rated before this migration are filled from their history here.
ALTER TABLE contact ADD COLUMN initial_rag TEXT;
ALTER TABLE contact ADD COLUMN initial_level INTEGER;
ALTER TABLE contact ADD COLUMN initial_due_at INTEGER;

UPDATE contact SET
    initial_rag = (SELECT s.to_rag FROM screening s WHERE s.contact_id = contact.id
                   ORDER BY s.id LIMIT 1),
    initial_level = (SELECT s.to_level FROM screening s WHERE s.contact_id = contact.id
                     ORDER BY s.id LIMIT 1),
    initial_due_at = (SELECT s.due_at FROM screening s WHERE s.contact_id = contact.id
                      ORDER BY s.id LIMIT 1);

-- The first rating of a contact is the one with no from_level (mash/screening.c).
CREATE TRIGGER screening_initial_copy AFTER INSERT ON screening
WHEN NEW.from_level IS NULL
BEGIN
    UPDATE contact SET initial_rag = NEW.to_rag, initial_level = NEW.to_level,
                       initial_due_at = NEW.due_at
    WHERE id = NEW.contact_id AND initial_level IS NULL;
END;

-- Turnaround: decided contacts by decision time, covering every column the
-- report reads, so the report never touches the table itself.
CREATE INDEX contact_turnaround ON contact (decided_at, received_at, source, initial_level,
    initial_rag, initial_due_at) WHERE decided_at IS NOT NULL;
-- Agency turnaround: requests by the time they were sent.
CREATE INDEX info_request_requested ON info_request (requested_at);
