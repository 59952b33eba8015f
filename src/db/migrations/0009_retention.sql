-- 0009: retention (owned by src/mash/retention.c). When a record was
-- anonymised under the retention policy: a later run leaves it alone (or
-- deletes it, if the policy has since changed to delete), and a reader can
-- tell a removed record from one that was never filled in.
ALTER TABLE contact ADD COLUMN anonymised_at INTEGER;
ALTER TABLE person ADD COLUMN anonymised_at INTEGER;
ALTER TABLE info_request ADD COLUMN anonymised_at INTEGER;
