-- compat: 1
-- The Node original's layout, column for column (jsonb payloads, Signal values as bytea), so a
-- database it wrote is adopted as it is and a database written here stays readable by it.
-- IF NOT EXISTS everywhere: those tables may already exist without a version table.
CREATE TABLE IF NOT EXISTS ${auth_creds} (
    id TEXT PRIMARY KEY,
    data JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS ${auth_signal} (
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (type, id)
);
CREATE TABLE IF NOT EXISTS ${messages} (
    remote_jid TEXT NOT NULL,
    id TEXT NOT NULL,
    from_me BOOLEAN NOT NULL,
    "timestamp" BIGINT NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (remote_jid, id, from_me)
);
CREATE INDEX IF NOT EXISTS ${messages_by_jid_ts} ON ${messages} (remote_jid, "timestamp" DESC);
CREATE TABLE IF NOT EXISTS ${chats} (
    jid TEXT PRIMARY KEY,
    archived BOOLEAN NOT NULL DEFAULT false,
    data JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS ${contacts} (
    jid TEXT PRIMARY KEY,
    data JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS ${presence} (
    jid TEXT PRIMARY KEY,
    data JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Ours (the original kept scheduled jobs in memory). bytea, not jsonb: replaceScheduledJob
-- compares the stored bytes with the expected job's encoding, which jsonb would normalize away.
CREATE TABLE IF NOT EXISTS ${jobs} (
    id TEXT PRIMARY KEY,
    fire_at BIGINT NOT NULL,
    data BYTEA NOT NULL
);
