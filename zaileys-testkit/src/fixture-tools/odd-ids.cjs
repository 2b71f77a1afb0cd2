// Produces fixtures/zaileys-node-odd-ids by running the zaileys@4.8.5 adapters (npm) as a tool.
// Usage: in a folder with zaileys@4.8.5 and better-sqlite3 installed: node odd-ids.cjs <out> sqlite
// Writes stores with odd ids through the zaileys 4.8.5 adapters (run as a tool; output is data).
const z = require('zaileys');
const { BufferJSON } = require('baileys');
const fs = require('fs'); const path = require('path');
const out = process.argv[2];
const withSqlite = process.argv[3] === 'sqlite';
const enc = (v) => JSON.stringify(v, BufferJSON.replacer);
const fileIds = ['', 'caf\u00e9', '\ud83d\ude00', '\u65e5\u672c', 'a b', '..', 'status@broadcast::6281234500001::0', 'x:y'];
const oddIds = ['', 'tab\tid', 'nl\nid', '\u0001', 'caf\u00e9', '\ud83d\ude00', 'x_3ay', 'x:y'];
const records = [];
for (const id of fileIds) records.push({ kind: 'signal', type: 'session', id, value: { file: true, id, blob: Buffer.from(id + '!') } });
for (const id of oddIds) records.push({ kind: 'signal', type: 'pre-key', id, value: { private: Buffer.from('k' + id), public: Buffer.from('p' + id) } });
const T = 1700000000;
let n = 0;
const msg = (jid, id, text) => ({ key: { remoteJid: jid, fromMe: false, id }, messageTimestamp: T + (n++), message: { conversation: text } });
for (const id of ['', 'tab\tid', 'nl\nid', '\ud83d\ude00']) records.push({ kind: 'message', value: msg('6281234500001@s.whatsapp.net', id, 'id ' + JSON.stringify(id)) });
for (const jid of ['', 'tab\tjid@s.whatsapp.net', 'caf\u00e9@s.whatsapp.net']) records.push({ kind: 'message', value: msg(jid, 'M1', 'in ' + JSON.stringify(jid)) });
for (const id of ['tab\tid@s.whatsapp.net', 'caf\u00e9@g.us']) records.push({ kind: 'chat', value: { id, name: 'chat ' + JSON.stringify(id), archived: false } });
for (const id of ['', 'nl\nid@s.whatsapp.net', '\ud83d\ude00@s.whatsapp.net']) records.push({ kind: 'contact', value: { id, name: 'contact ' + JSON.stringify(id) } });
for (const jid of ['', 'tab\tid@s.whatsapp.net']) records.push({ kind: 'presence', jid, value: { lastKnownPresence: 'available', lastSeen: T } });
(async () => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'inputs.jsonl'), records.map(enc).join('\n') + '\n');
  const expected = {};
  // File: the auth store only, the ids whose names the original can tell apart.
  const file = new z.FileAuthStore({ basePath: path.join(out, 'file-auth') });
  for (const r of records) if (r.kind === 'signal' && r.type === 'session') await file.signal.write({ [r.type]: { [r.id]: r.value } });
  const file2 = new z.FileAuthStore({ basePath: path.join(out, 'file-auth') });
  expected.file = { session: JSON.parse(enc(await file2.signal.read('session', fileIds))) };
  if (withSqlite) {
    const db = path.join(out, 'sqlite', 'zaileys.db');
    fs.mkdirSync(path.dirname(db), { recursive: true });
    const auth = new z.SqliteAuthStore({ database: db });
    const store = new z.SqliteMessageStore({ database: db });
    for (const r of records) {
      if (r.kind === 'signal') await auth.signal.write({ [r.type]: { [r.id]: r.value } });
      else if (r.kind === 'message') await store.saveMessage(r.value);
      else if (r.kind === 'chat') await store.saveChat(r.value);
      else if (r.kind === 'contact') await store.saveContact(r.value);
      else if (r.kind === 'presence') await store.savePresence(r.jid, r.value);
    }
    const e = {};
    e.session = JSON.parse(enc(await auth.signal.read('session', fileIds)));
    e['pre-key'] = JSON.parse(enc(await auth.signal.read('pre-key', oddIds)));
    e.chats = JSON.parse(enc(await store.listChats()));
    e.contacts = JSON.parse(enc(await store.listContacts()));
    e.messages = {};
    for (const jid of ['6281234500001@s.whatsapp.net', '', 'tab\tjid@s.whatsapp.net', 'caf\u00e9@s.whatsapp.net']) e.messages[jid] = JSON.parse(enc(await store.listMessages(jid)));
    e.presence = {};
    for (const jid of ['', 'tab\tid@s.whatsapp.net']) e.presence[jid] = JSON.parse(enc(await store.getPresence(jid)));
    expected.sqlite = e;
    await auth.signal.close?.(); await store.close?.();
    const Database = require('better-sqlite3');
    const d = new Database(db); d.pragma('wal_checkpoint(TRUNCATE)'); d.close();
    for (const f of [db + '-wal', db + '-shm']) fs.rmSync(f, { force: true });
  }
  fs.writeFileSync(path.join(out, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
  console.log(fs.readdirSync(path.join(out, 'file-auth', 'signal', 'session')).sort());
})().catch(e => { console.error(e); process.exit(1); });
