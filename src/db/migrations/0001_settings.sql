-- 0001: partnership-wide settings (key/value), e.g. the partnership's name.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
