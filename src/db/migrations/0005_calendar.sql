-- 0005: the working-time calendar (owned by src/mash/holidays.c).
-- England and Wales bank holidays as last imported from a gov.uk-shaped feed
-- (`safehub calendar import`); while the table is empty safehub uses the
-- copy of data/bank-holidays.json built into the binary. Office hours and
-- RAG timescales live in `setting` under calendar.* and rag.* keys.
CREATE TABLE bank_holiday (
    day         INTEGER PRIMARY KEY,    -- days since 1970-01-01 (the local date)
    date        TEXT NOT NULL UNIQUE,   -- 'YYYY-MM-DD'
    title       TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    imported_at INTEGER NOT NULL        -- UTC ms of the import
);
