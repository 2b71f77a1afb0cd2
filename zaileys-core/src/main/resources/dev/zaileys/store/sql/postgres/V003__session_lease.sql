-- compat: 2
-- layout: both
-- One row per session: who holds its lease, until when (milliseconds of the database's clock,
-- so processes with skewed clocks agree), and the fencing epoch, raised by every acquisition and
-- kept on release, which every auth write compares with its own. Shared by all sessions of the
-- database (hence no ${...} name); code of V002 ignores it, so compat is 2.
CREATE TABLE IF NOT EXISTS zaileys_lease (
    session TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    epoch BIGINT NOT NULL
);
