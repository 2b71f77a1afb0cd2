-- compat: 1
-- The Node original's tables, exactly as it creates them (IF NOT EXISTS: a database it wrote is
-- adopted as it is), plus the scheduled jobs it never persisted.
CREATE TABLE IF NOT EXISTS ${auth_creds} (id TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${auth_signal} (type TEXT NOT NULL, id TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY(type, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${messages} (
           remote_jid TEXT NOT NULL,
           id TEXT NOT NULL,
           from_me INTEGER NOT NULL,
           timestamp INTEGER NOT NULL,
           data BLOB NOT NULL,
           PRIMARY KEY(remote_jid, id, from_me)
         );
CREATE INDEX IF NOT EXISTS ${messages_by_jid_ts} ON ${messages}(remote_jid, timestamp DESC);
CREATE TABLE IF NOT EXISTS ${chats} (jid TEXT PRIMARY KEY, archived INTEGER NOT NULL DEFAULT 0, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${contacts} (jid TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${presence} (jid TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${jobs} (id TEXT PRIMARY KEY, fire_at INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
