-- 0011: a faster turnaround read (owned by src/report/turnaround.c). Reading a
-- column out of an index row costs about as much as stepping to the row, so
-- all the report needs of a decided contact besides its decision time is
-- packed into one integer, turnaround_key, which the covering index holds
-- instead of five columns (received_at, source and the first rating of
-- migration 0010):
--   bits 0-2    initial_level (1-4; 0 = not rated)
--   bits 3-5    initial_rag + 1 in the order of enum rag (1 red, 2 amber,
--               3 green, 4 blue; 0 = not rated)
--   bits 6-10   source + 1 in the order of contact_sources (mash/contact.c,
--               the order of the CHECK of 0004; test_report checks they agree)
--   bit  11     1 when the first rating set a due time (initial_due_at)
--   bit  12     1 when the contact was decided at or before that due time
--   bits 13-    decided_at - received_at in ms (0 when decided before it was
--               received, which only bad data can be)
-- NULL while the contact is undecided. It is a VIRTUAL generated column:
-- computed from the columns it packs whenever they change, so no writer
-- knows about it, and stored only in the index.
ALTER TABLE contact ADD COLUMN turnaround_key INTEGER GENERATED ALWAYS AS (
    coalesce(initial_level, 0)
    + 8 * (CASE initial_rag WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3
                            WHEN 'blue' THEN 4 ELSE 0 END)
    + 64 * (CASE source WHEN '1A' THEN 1 WHEN '1B' THEN 2 WHEN '1C' THEN 3 WHEN '1D' THEN 4
                        WHEN '2A' THEN 5 WHEN '2B' THEN 6 WHEN '3A' THEN 7 WHEN '3B' THEN 8
                        WHEN '3C' THEN 9 WHEN '3D' THEN 10 WHEN '3E' THEN 11
                        WHEN '3F' THEN 12 WHEN '4' THEN 13 WHEN '5A' THEN 14
                        WHEN '5B' THEN 15 WHEN '5C' THEN 16 WHEN '5D' THEN 17
                        WHEN '6' THEN 18 WHEN '7' THEN 19 WHEN '8' THEN 20 WHEN '9' THEN 21
                        WHEN '10' THEN 22 ELSE 0 END)
    + (CASE WHEN initial_due_at IS NULL THEN 0
            WHEN decided_at <= initial_due_at THEN 2048 + 4096 ELSE 2048 END)
    + 8192 * max(decided_at - received_at, 0)) VIRTUAL;

-- contact_decided (0007) is dropped: contact_turnaround begins with the same
-- column under the same condition, and the planner, which does not count an
-- index holding a generated column as covering, would otherwise choose it
-- and read the table for every contact.
DROP INDEX contact_decided;
DROP INDEX contact_turnaround;
CREATE INDEX contact_turnaround ON contact (decided_at, turnaround_key)
    WHERE decided_at IS NOT NULL;
