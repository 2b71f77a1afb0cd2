// The Node side of zaileys' Baileys transport. It holds no session state of its own: creds and
// Signal keys live in the JVM's stores and are reached through calls over a line protocol on
// stdin/stdout (one JSON document per line, binary values in Baileys' BufferJSON shape).
//
//   JVM -> driver  {"id":n,"cmd":name,"args":{...}}        driver replies {"re":n,"result":x} or {"re":n,"error":{...}}
//   driver -> JVM  {"id":n,"call":name,"args":{...}}       JVM replies    {"re":n,"result":x} or {"re":n,"error":{...}}
//   driver -> JVM  {"ev":name,"data":payload,"user":me?}   Baileys events, in the order Baileys emitted them
//   driver -> JVM  {"log":level,"msg":text}                only the message text: Baileys' structured fields can hold keys
//
// Stdout carries nothing else; when stdin closes (the JVM went away) the driver exits.
import { createInterface } from 'node:readline';
import makeWASocket, {
    addTransactionCapability,
    BufferJSON,
    initAuthCreds,
    DEFAULT_CONNECTION_CONFIG,
    getNextPreKeys,
    Browsers,
    generateSignalPubKey,
    proto
} from 'baileys';

// The Signal repository a socket uses by default (libsignal behind Baileys' storage adapter).
const makeLibSignalRepository = DEFAULT_CONNECTION_CONFIG.makeSignalRepository;

const CALL_TIMEOUT_MS = Number(process.env.ZAILEYS_DRIVER_CALL_TIMEOUT_MS || 30000);
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

let logLevel = process.env.ZAILEYS_DRIVER_LOG_LEVEL || 'info';

// ---- output ----

function send(doc) {
    process.stdout.write(JSON.stringify(doc, BufferJSON.replacer) + '\n');
}

// Protobuf messages (WAMessage and friends) would serialize through their toJSON, which turns
// bytes into bare base64 strings; events cross as plain objects so binary stays a Buffer.
function plain(value) {
    if (value === null || typeof value !== 'object') {
        return value;
    }
    if (value instanceof Uint8Array) {
        return value;
    }
    if (typeof value.toNumber === 'function' && 'low' in value && 'high' in value) {
        return value.toNumber();
    }
    if (Array.isArray(value)) {
        return value.map(plain);
    }
    const ctor = value.constructor;
    if (ctor && ctor !== Object && typeof ctor.toObject === 'function' && typeof ctor.decode === 'function') {
        value = ctor.toObject(value, { longs: Number });
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) {
        if (v !== undefined && typeof v !== 'function') {
            out[k] = plain(v);
        }
    }
    return out;
}

// ---- logging: Baileys' ILogger, forwarded as text only ----

function makeLogger(bindings = {}) {
    const emit = (level) => (obj, msg) => {
        if (LEVELS[level] < LEVELS[logLevel]) {
            return;
        }
        let text = typeof obj === 'string' ? obj : msg;
        if (typeof text !== 'string') {
            // an error object alone: its message says what failed, never which key
            text = obj instanceof Error ? `${obj.name}: ${obj.message}` : obj?.err?.message ?? '';
        }
        if (text) {
            send({ log: level, msg: bindings.class ? `[${bindings.class}] ${text}` : text });
        }
    };
    return {
        get level() {
            return logLevel;
        },
        set level(l) {
            logLevel = l;
        },
        child: (b) => makeLogger({ ...bindings, ...b }),
        trace: emit('trace'),
        debug: emit('debug'),
        info: emit('info'),
        warn: emit('warn'),
        error: emit('error'),
        fatal: emit('fatal')
    };
}

const logger = makeLogger();

// Libraries print straight to the console (libsignal warns there); stdout belongs to the protocol.
for (const [method, level] of [['log', 'info'], ['info', 'info'], ['debug', 'debug'], ['warn', 'warn'], ['error', 'error']]) {
    console[method] = (first) => logger[level](typeof first === 'string' ? first : first instanceof Error ? first : String(first));
}

// ---- calls into the JVM ----

let nextCallId = 1;
const pendingCalls = new Map();

function call(name, args) {
    const id = nextCallId++;
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            pendingCalls.delete(id);
            reject(new Error(`JVM call ${name} timed out after ${CALL_TIMEOUT_MS} ms`));
        }, CALL_TIMEOUT_MS);
        pendingCalls.set(id, { resolve, reject, timer });
        send({ id, call: name, args });
    });
}

function onReply(doc) {
    const p = pendingCalls.get(doc.re);
    if (!p) {
        return;
    }
    pendingCalls.delete(doc.re);
    clearTimeout(p.timer);
    if (doc.error) {
        p.reject(new Error(doc.error.message || 'JVM call failed'));
    } else {
        p.resolve(doc.result);
    }
}

// Baileys' SignalKeyStore over the JVM's. No read cache here: every read asks the JVM (whose own
// cache is the one that sees every write), so this side can never serve a value the JVM changed.
// A set resolves only after the JVM acknowledged it durable; a failed one rejects.
const bridgeKeys = {
    async get(type, ids) {
        const found = (await call('keys.get', { type, ids })) || {};
        return found;
    },
    async set(data) {
        await call('keys.set', { data });
    }
};

// ---- state of this driver ----

let sock;
let getMessage;
let creds;
let repository;
const groupCache = new Map();

function requireSock() {
    if (!sock) {
        throw Object.assign(new Error('not connected'), { statusCode: 428 });
    }
    return sock;
}

function me() {
    const u = sock?.user;
    return u ? { id: u.id, name: u.name ?? u.notify ?? u.verifiedName ?? '' } : undefined;
}

// Group metadata Baileys asks for before every group send: kept in this process only, filled by
// groups.upsert and dropped on any group change, so it is never staler than the events; a miss
// makes Baileys fetch the metadata from WhatsApp, as without a cache.
function forgetGroups(events) {
    for (const u of events['groups.update'] ?? []) {
        groupCache.delete(u.id);
    }
    for (const g of events['groups.upsert'] ?? []) {
        groupCache.set(g.id, g);
    }
    const p = events['group-participants.update'];
    if (p) {
        groupCache.delete(p.id);
    }
}

async function ensureCreds(given) {
    if (given) {
        return given;
    }
    const fresh = initAuthCreds();
    // The JVM persists them before the socket ever uses them.
    await call('creds.init', { creds: fresh });
    return fresh;
}

async function connect(args) {
    if (sock) {
        throw new Error('already connected');
    }
    creds = await ensureCreds(args.creds);
    // Retries ask for a message sent earlier: the JVM's message store has it.
    getMessage = async (key) => (await call('getMessage', { key })) ?? undefined;
    const options = {
        auth: { creds, keys: bridgeKeys },
        logger,
        printQRInTerminal: false,
        markOnlineOnConnect: false,
        browser: args.browser ?? Browsers.ubuntu('Chrome'),
        getMessage,
        cachedGroupMetadata: async (jid) => groupCache.get(jid)
    };
    if (args.wsUrl) {
        options.waWebSocketUrl = args.wsUrl;
    }
    if (args.connectTimeoutMs) {
        options.connectTimeoutMs = args.connectTimeoutMs;
    }
    sock = makeWASocket(options);
    let pairingRequested = false;
    sock.ev.process(async (events) => {
        forgetGroups(events);
        for (const [name, data] of Object.entries(events)) {
            if (name === 'connection.update') {
                send({ ev: name, data: connectionUpdate(data), user: me() });
                if (data.qr && args.pairingPhone && !pairingRequested && !creds.registered) {
                    pairingRequested = true;
                    requestPairing(args.pairingPhone);
                }
            } else {
                send({ ev: name, data: plain(data), user: me() });
            }
        }
    });
    return { registered: !!creds.registered };
}

async function requestPairing(phone) {
    try {
        const code = await sock.requestPairingCode(phone.replace(/[^0-9]/g, ''));
        send({ ev: 'connection.update', data: { pairingCode: code } });
    } catch (e) {
        logger.warn(`requesting a pairing code failed: ${e.message}`);
    }
}

// lastDisconnect.error is a Boom: only its status code and message cross.
function connectionUpdate(u) {
    const out = { ...u };
    if (u.lastDisconnect) {
        const err = u.lastDisconnect.error;
        const statusCode = err?.output?.statusCode ?? err?.statusCode;
        out.lastDisconnect = {
            date: u.lastDisconnect.date,
            error: { statusCode, message: err?.message ?? String(err) }
        };
    }
    return plain(out);
}

// ---- the Signal repository alone (for the round-trip tests and the bench) ----

async function signalOpen(args) {
    creds = await ensureCreds(args.creds);
    const keys = addTransactionCapability(bridgeKeys, logger, { maxCommitRetries: 1, delayBetweenTriesMs: 0 });
    repository = makeLibSignalRepository({ creds, keys }, logger);
    return { registrationId: creds.registrationId };
}

function requireRepository() {
    if (!repository) {
        throw new Error('signal.open first');
    }
    return repository;
}

async function signalBundle(args) {
    const keys = addTransactionCapability(bridgeKeys, logger, { maxCommitRetries: 1, delayBetweenTriesMs: 0 });
    const { update, preKeys } = await getNextPreKeys({ creds, keys }, args.count ?? 1);
    Object.assign(creds, update);
    await call('creds.update', { update });
    const [keyId, pair] = Object.entries(preKeys)[0];
    return bundleOf(creds, keyId, pair);
}

function bundleOf(c, keyId, pair) {
    return {
        registrationId: c.registrationId,
        identityKey: generateSignalPubKey(c.signedIdentityKey.public),
        signedPreKey: {
            keyId: c.signedPreKey.keyId,
            publicKey: generateSignalPubKey(c.signedPreKey.keyPair.public),
            signature: c.signedPreKey.signature
        },
        preKey: { keyId: Number(keyId), publicKey: generateSignalPubKey(pair.public) }
    };
}

const commands = {
    hello: async () => ({ node: process.version, pid: process.pid }),
    connect,
    user: async () => me() ?? null,
    sendMessage: async ({ jid, content }) => plain(await requireSock().sendMessage(jid, content)),
    logout: async () => {
        await requireSock().logout();
        return null;
    },
    end: async ({ reason }) => {
        sock?.end(reason ? Object.assign(new Error(reason), { output: { statusCode: 428 } }) : undefined);
        return null;
    },
    logLevel: async ({ level }) => {
        logLevel = level;
        return null;
    },
    'signal.open': signalOpen,
    'signal.bundle': signalBundle,
    'signal.inject': async ({ jid, session }) => {
        await requireRepository().injectE2ESession({ jid, session });
        return null;
    },
    'signal.encrypt': async ({ jid, data }) => requireRepository().encryptMessage({ jid, data }),
    'signal.decrypt': async ({ jid, type, ciphertext }) => requireRepository().decryptMessage({ jid, type, ciphertext }),
    'signal.groupEncrypt': async ({ group, meId, data }) => requireRepository().encryptGroupMessage({ group, meId, data }),
    'signal.groupDistribute': async ({ group, authorJid, skdm }) => {
        await requireRepository().processSenderKeyDistributionMessage({
            authorJid,
            item: { groupId: group, axolotlSenderKeyDistributionMessage: skdm }
        });
        return null;
    },
    'signal.groupDecrypt': async ({ group, authorJid, msg }) => requireRepository().decryptGroupMessage({ group, authorJid, msg }),
    // The lower bound the bench compares the bridge with: the same round trips, keys in this process.
    'signal.localBench': localBench,
    // keys.set then keys.get of one record through the bridge, timed here: the bridge's round trip
    'bench.keys': async ({ rounds, bytes }) => {
        const value = { record: Buffer.alloc(bytes ?? 1024, 7) };
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < rounds; i++) {
            await bridgeKeys.set({ session: { 'bench.0': { ...value, n: i } } });
            const got = await bridgeKeys.get('session', ['bench.0']);
            if (got['bench.0']?.n !== i) {
                throw new Error(`bench.keys read back ${got['bench.0']?.n}, wrote ${i}`);
            }
        }
        return { rounds, nanos: Number(process.hrtime.bigint() - t0) };
    }
};

function memoryKeys() {
    const memory = {};
    return {
        async get(type, ids) {
            const out = {};
            for (const id of ids) {
                const v = memory[type]?.[id];
                if (v !== undefined) {
                    out[id] = v;
                }
            }
            return out;
        },
        async set(data) {
            for (const [type, values] of Object.entries(data)) {
                memory[type] ??= {};
                for (const [id, v] of Object.entries(values)) {
                    if (v === null || v === undefined) {
                        delete memory[type][id];
                    } else {
                        memory[type][id] = v;
                    }
                }
            }
        }
    };
}

function memoryParty() {
    const creds = initAuthCreds();
    const keys = addTransactionCapability(memoryKeys(), logger, { maxCommitRetries: 1, delayBetweenTriesMs: 0 });
    return { creds, keys, repo: makeLibSignalRepository({ creds, keys }, logger) };
}

async function localBench({ rounds }) {
    const a = memoryParty();
    const b = memoryParty();
    const { update, preKeys } = await getNextPreKeys(b, 1);
    Object.assign(b.creds, update);
    const [keyId, pair] = Object.entries(preKeys)[0];
    const aJid = '1001@lid';
    const bJid = '1002@lid';
    await a.repo.injectE2ESession({ jid: bJid, session: bundleOf(b.creds, keyId, pair) });
    const data = Buffer.from('bench payload of a typical short message');
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) {
        const e1 = await a.repo.encryptMessage({ jid: bJid, data });
        await b.repo.decryptMessage({ jid: aJid, type: e1.type, ciphertext: e1.ciphertext });
        const e2 = await b.repo.encryptMessage({ jid: aJid, data });
        await a.repo.decryptMessage({ jid: bJid, type: e2.type, ciphertext: e2.ciphertext });
    }
    return { rounds, nanos: Number(process.hrtime.bigint() - t0) };
}

// Only for this project's tests (ZAILEYS_DRIVER_TEST_HOOKS=1): put events on the socket's own
// emitter, as Baileys' message handlers do, and ask the getMessage the socket was given.
if (process.env.ZAILEYS_DRIVER_TEST_HOOKS === '1') {
    commands['test.emit'] = async ({ events }) => {
        for (const { name, data } of events) {
            const value = name === 'messages.upsert'
                ? { ...data, messages: data.messages.map((m) => proto.WebMessageInfo.fromObject(m)) }
                : data;
            requireSock().ev.emit(name, value);
        }
        return null;
    };
    commands['test.getMessage'] = async ({ key }) => plain((await getMessage(key)) ?? null);
}

// ---- input ----

async function onCommand(doc) {
    const fn = commands[doc.cmd];
    try {
        if (!fn) {
            throw new Error(`unknown command ${doc.cmd}`);
        }
        const result = await fn(doc.args ?? {});
        send({ re: doc.id, result: result ?? null });
    } catch (e) {
        const statusCode = e?.output?.statusCode ?? e?.statusCode;
        send({ re: doc.id, error: { message: e?.message ?? String(e), statusCode } });
    }
}

const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', (line) => {
    if (!line) {
        return;
    }
    let doc;
    try {
        doc = JSON.parse(line, BufferJSON.reviver);
    } catch (e) {
        logger.error(`unreadable protocol line (${line.length} chars)`);
        return;
    }
    if (doc.re !== undefined) {
        onReply(doc);
    } else if (doc.cmd) {
        onCommand(doc);
    }
});
// The JVM went away: nothing may outlive it.
input.on('close', () => process.exit(0));

process.on('unhandledRejection', (e) => logger.error(`unhandled rejection: ${e?.message ?? e}`));

send({ ready: true, node: process.version });

