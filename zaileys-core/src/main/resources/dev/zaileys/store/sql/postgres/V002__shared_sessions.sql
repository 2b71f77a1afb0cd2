-- compat: 2
-- layout: shared
-- Named sessions share one set of tables keyed by session, so a session costs a registry row,
-- not fifteen relations. The default session keeps the Node original's tables (V001). Every key
-- and index leads with session: a session's queries read only its own part of each index.
-- Applying this moves the sessions of the per-session layout here (see Migrations).
CREATE TABLE ${sessions} (
    session TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
);
CREATE TABLE ${auth_creds} (
    session TEXT NOT NULL,
    id TEXT NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (session, id)
);
CREATE TABLE ${auth_signal} (
    session TEXT NOT NULL,
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (session, type, id)
);
CREATE TABLE ${messages} (
    session TEXT NOT NULL,
    remote_jid TEXT NOT NULL,
    id TEXT NOT NULL,
    from_me BOOLEAN NOT NULL,
    "timestamp" BIGINT NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (session, remote_jid, id, from_me)
);
CREATE INDEX ${messages_by_jid_ts} ON ${messages} (session, remote_jid, "timestamp" DESC);
CREATE TABLE ${chats} (
    session TEXT NOT NULL,
    jid TEXT NOT NULL,
    archived BOOLEAN NOT NULL DEFAULT false,
    data JSONB NOT NULL,
    PRIMARY KEY (session, jid)
);
CREATE TABLE ${contacts} (
    session TEXT NOT NULL,
    jid TEXT NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (session, jid)
);
CREATE TABLE ${presence} (
    session TEXT NOT NULL,
    jid TEXT NOT NULL,
    data JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (session, jid)
);
CREATE TABLE ${jobs} (
    session TEXT NOT NULL,
    id TEXT NOT NULL,
    fire_at BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (session, id)
);
