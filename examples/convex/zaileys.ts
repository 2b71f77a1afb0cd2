/**
 * Convex functions behind zaileys' Convex stores (`ConvexAuthStore`,
 * `ConvexMessageStore`). Copy this file to `convex/zaileys.ts` in your Convex
 * project, so that the functions are reachable as `zaileys:<name>`.
 *
 * All functions work on the `zaileys_kv` table of `schema.ts`: one row per
 * (namespace, key), holding a string `value` and an optional numeric
 * `sortKey`. A "row" in arguments and results is always
 * `{ key: string, value: string, sortKey?: number }` (no `sortKey` field when
 * the row has none).
 *
 * Compatible core, called by every zaileys client (names and arguments fixed):
 *   get, set, del, clear, list
 * Additions, used by clients that know them (bounded work per call):
 *   listPage, scan, listKeys, cas, apply, applyIf, clearIf, namespaces
 * The Java message store writes through `applyIf` (so that its merges are
 * atomic across processes): redeploy this file when upgrading to a version that
 * uses it.
 *
 * Size limits: Convex allows 4096 index lookups per function call, and
 * `get`, `set`, `del`, `apply` and `applyIf` make one per key, so send at most about 1000
 * keys or items per call. An invalid argument (wrong type, a bad `limit`, a
 * non-finite `sortKey`) makes the call fail with an error.
 *
 * Key order: Convex orders strings by Unicode code point (UTF-8 bytes), so a
 * prefix scan is the index range [prefix, successor(prefix)), where the
 * successor increments the last code point of the prefix. This also covers keys
 * whose next character lies above U+FFFF, which a "prefix + \uffff" bound
 * would miss.
 */
import { v } from "convex/values";
import type { Infer } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { mutation, query } from "./_generated/server";
import type { DatabaseReader, DatabaseWriter } from "./_generated/server";

/** Most rows a paged function returns per call. */
const MAX_LIMIT = 1000;
/** Most documents `listPage` examines per call (besides finishing a group of equal sortKeys). */
const PAGE_SCAN_BUDGET = 1000;
/** Most rows `clear` deletes per call. */
const CLEAR_BATCH = 4000;
/** Most characters (keys + values) a bounded function reads per call, well under Convex's read limit. */
const CHAR_BUDGET = 4_000_000;

const rowValidator = v.object({
  key: v.string(),
  value: v.string(),
  sortKey: v.optional(v.number()),
});
type Row = Infer<typeof rowValidator>;

const cursorValidator = v.object({ sortKey: v.number(), key: v.string() });
type Cursor = Infer<typeof cursorValidator>;

function toRow(doc: Doc<"zaileys_kv">): Row {
  return doc.sortKey === undefined
    ? { key: doc.key, value: doc.value }
    : { key: doc.key, value: doc.value, sortKey: doc.sortKey };
}

function docChars(doc: Doc<"zaileys_kv">): number {
  return doc.key.length + doc.value.length;
}

/** Smallest string above every string that starts with `prefix`, or null when there is none (empty prefix). */
function prefixEnd(prefix: string): string | null {
  const codePoints = Array.from(prefix);
  while (codePoints.length > 0) {
    let next = codePoints.pop()!.codePointAt(0)! + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return codePoints.join("") + String.fromCodePoint(next);
  }
  return null;
}

function checkLimit(limit: number | undefined, fallback: number, min: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < min) {
    throw new Error(`limit must be an integer >= ${min}, got ${limit}`);
  }
  return Math.min(limit, max);
}

/** Compares keys the way Convex orders strings: by Unicode code point (not by UTF-16 unit). */
function compareKeys(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function checkSortKey(sortKey: number | undefined): void {
  if (sortKey !== undefined && !Number.isFinite(sortKey)) {
    throw new Error(`sortKey must be a finite number, got ${sortKey}`);
  }
}

/** Rows of `namespace` whose key starts with `prefix` (and is above `after`, if given), ascending by key. */
function keyRange(db: DatabaseReader, namespace: string, prefix: string, after?: string) {
  const end = prefixEnd(prefix);
  return db.query("zaileys_kv").withIndex("by_ns_key", (q) => {
    const ns = q.eq("namespace", namespace);
    const from = after !== undefined ? ns.gt("key", after) : prefix === "" ? ns : ns.gte("key", prefix);
    return end === null ? from : from.lt("key", end);
  });
}

async function findAll(db: DatabaseReader, namespace: string, key: string) {
  return await db
    .query("zaileys_kv")
    .withIndex("by_ns_key", (q) => q.eq("namespace", namespace).eq("key", key))
    .collect();
}

async function readRow(db: DatabaseReader, namespace: string, key: string) {
  return await db
    .query("zaileys_kv")
    .withIndex("by_ns_key", (q) => q.eq("namespace", namespace).eq("key", key))
    .first();
}

async function upsert(db: DatabaseWriter, namespace: string, row: Row): Promise<void> {
  checkSortKey(row.sortKey);
  const doc =
    row.sortKey === undefined
      ? { namespace, key: row.key, value: row.value }
      : { namespace, key: row.key, value: row.value, sortKey: row.sortKey };
  const [first, ...duplicates] = await findAll(db, namespace, row.key);
  if (first === undefined) {
    await db.insert("zaileys_kv", doc);
  } else {
    await db.replace(first._id, doc);
  }
  for (const duplicate of duplicates) await db.delete(duplicate._id);
}

async function remove(db: DatabaseWriter, namespace: string, key: string): Promise<void> {
  for (const doc of await findAll(db, namespace, key)) await db.delete(doc._id);
}

/**
 * Reads rows by key.
 * Returns `Row[]`: one row per distinct key found, in the order the keys were
 * first given; keys that are not stored are left out.
 */
export const get = query({
  args: { namespace: v.string(), keys: v.array(v.string()) },
  returns: v.array(rowValidator),
  handler: async (ctx, { namespace, keys }) => {
    const rows: Row[] = [];
    for (const key of new Set(keys)) {
      const doc = await ctx.db
        .query("zaileys_kv")
        .withIndex("by_ns_key", (q) => q.eq("namespace", namespace).eq("key", key))
        .first();
      if (doc !== null) rows.push(toRow(doc));
    }
    return rows;
  },
});

/**
 * Upserts rows by (namespace, key), in order (a key given twice: the later item
 * wins). A row becomes exactly the item: an item without `sortKey` removes a
 * stored one. All items commit together or not at all. Returns null.
 */
export const set = mutation({
  args: { namespace: v.string(), items: v.array(rowValidator) },
  returns: v.null(),
  handler: async (ctx, { namespace, items }) => {
    for (const item of items) await upsert(ctx.db, namespace, item);
    return null;
  },
});

/** Deletes the rows with these keys (missing keys are ignored). Returns null. */
export const del = mutation({
  args: { namespace: v.string(), keys: v.array(v.string()) },
  returns: v.null(),
  handler: async (ctx, { namespace, keys }) => {
    for (const key of new Set(keys)) await remove(ctx.db, namespace, key);
    return null;
  },
});

/**
 * Deletes the rows of `namespace` (only those whose key starts with `prefix`,
 * when given and non-empty), at most CLEAR_BATCH rows per call.
 * Returns `{ deleted: number, hasMore: boolean }`; call again while `hasMore`.
 */
export const clear = mutation({
  args: { namespace: v.string(), prefix: v.optional(v.string()) },
  returns: v.object({ deleted: v.number(), hasMore: v.boolean() }),
  handler: async (ctx, { namespace, prefix = "" }) => await clearBatch(ctx.db, namespace, prefix),
});

async function clearBatch(db: DatabaseWriter, namespace: string, prefix: string) {
  const batch: Doc<"zaileys_kv">[] = [];
  let chars = 0;
  let hasMore = false;
  for await (const doc of keyRange(db, namespace, prefix)) {
    if (batch.length >= CLEAR_BATCH || chars >= CHAR_BUDGET) {
      hasMore = true;
      break;
    }
    if (!doc.key.startsWith(prefix)) continue;
    batch.push(doc);
    chars += docChars(doc);
  }
  for (const doc of batch) await db.delete(doc._id);
  return { deleted: batch.length, hasMore };
}

/**
 * Rows whose key starts with `prefix`, newest first: descending `sortKey`, rows
 * with equal `sortKey` in ascending key order, rows without `sortKey` last (in
 * ascending key order). `before` keeps only rows with `sortKey < before` (rows
 * without `sortKey` always pass). `limit` (optional, an integer >= 0) keeps the
 * first `limit` rows; without it every matching row is returned.
 * Returns `Row[]`. Reads the whole prefix range: for large ranges prefer `listPage`.
 */
export const list = query({
  args: {
    namespace: v.string(),
    prefix: v.string(),
    before: v.optional(v.number()),
    limit: v.optional(v.number()),
  },
  returns: v.array(rowValidator),
  handler: async (ctx, { namespace, prefix, before, limit }) => {
    const max = checkLimit(limit, Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER);
    const order = (doc: Doc<"zaileys_kv">) => doc.sortKey ?? Number.NEGATIVE_INFINITY;
    const docs = (await keyRange(ctx.db, namespace, prefix).collect())
      .filter((doc) => doc.key.startsWith(prefix))
      .filter((doc) => before === undefined || order(doc) < before);
    docs.sort((a, b) => order(b) - order(a) || 0);
    return docs.slice(0, max).map(toRow);
  },
});

/**
 * One page of the rows that have a `sortKey` and whose key starts with `prefix`,
 * ordered by `sortKey` descending, then key descending (a total order, so
 * paging never skips nor repeats rows that share a sortKey).
 * `cursor` (exclusive) continues after that position; `{sortKey: B, key: ""}`
 * means "sortKey < B". `limit`: an integer >= 1, default 100; above 1000 counts as 1000.
 * Returns `{ page: Row[], continueCursor: {sortKey, key} | null, isDone: boolean }`.
 * A page may hold fewer than `limit` rows (even none) while `isDone` is false:
 * each call examines a bounded number of documents of the namespace. Call again
 * with `continueCursor` until `isDone` or enough rows were collected.
 */
export const listPage = query({
  args: {
    namespace: v.string(),
    prefix: v.string(),
    cursor: v.optional(cursorValidator),
    limit: v.optional(v.number()),
  },
  returns: v.object({
    page: v.array(rowValidator),
    continueCursor: v.union(cursorValidator, v.null()),
    isDone: v.boolean(),
  }),
  handler: async (ctx, { namespace, prefix, cursor, limit }) => {
    const max = checkLimit(limit, 100, 1, MAX_LIMIT);
    if (cursor !== undefined) checkSortKey(cursor.sortKey);
    const page: Row[] = [];
    const notDone = (next: Cursor) => ({ page, continueCursor: next, isDone: false });
    const docs = ctx.db
      .query("zaileys_kv")
      .withIndex("by_ns_sort", (q) => {
        const ns = q.eq("namespace", namespace);
        if (cursor === undefined) return ns;
        return cursor.key === "" ? ns.lt("sortKey", cursor.sortKey) : ns.lte("sortKey", cursor.sortKey);
      })
      .order("desc");

    // Rows come grouped by sortKey; within a group the index order is not the
    // key order, so each group is read completely, then emitted by key.
    let group: Doc<"zaileys_kv">[] = [];
    let examined = 0;
    let chars = 0;
    const flush = (): Cursor | null => {
      group.sort((a, b) => compareKeys(b.key, a.key));
      for (const doc of group) {
        if (!doc.key.startsWith(prefix)) continue;
        if (cursor !== undefined && doc.sortKey === cursor.sortKey && compareKeys(doc.key, cursor.key) >= 0) continue;
        page.push(toRow(doc));
        if (page.length >= max) return { sortKey: doc.sortKey!, key: doc.key };
      }
      return null;
    };
    for await (const doc of docs) {
      if (doc.sortKey === undefined) break;
      if (group.length > 0 && doc.sortKey !== group[0].sortKey) {
        const full = flush();
        if (full !== null) return notDone(full);
        const done = group[0].sortKey!;
        group = [];
        if (examined >= PAGE_SCAN_BUDGET || chars >= CHAR_BUDGET) return notDone({ sortKey: done, key: "" });
      }
      group.push(doc);
      examined += 1;
      chars += docChars(doc);
    }
    const full = flush();
    if (full !== null) return notDone(full);
    return { page, continueCursor: null, isDone: true };
  },
});

/**
 * Rows whose key starts with `prefix` and is above `after` (exclusive, when
 * given), ascending by key (code point order), for exports.
 * `limit`: an integer >= 1, default 100; above 1000 counts as 1000.
 * Returns `{ page: Row[], continueAfter: string | null, isDone: boolean }`; call
 * again with `after = continueAfter` until `isDone`. A page may be shorter
 * than `limit` while `isDone` is false (bounded bytes read per call).
 */
export const scan = query({
  args: {
    namespace: v.string(),
    prefix: v.string(),
    after: v.optional(v.string()),
    limit: v.optional(v.number()),
  },
  returns: v.object({
    page: v.array(rowValidator),
    continueAfter: v.union(v.string(), v.null()),
    isDone: v.boolean(),
  }),
  handler: async (ctx, { namespace, prefix, after, limit }) => {
    const max = checkLimit(limit, 100, 1, MAX_LIMIT);
    const page: Row[] = [];
    const docs = await scanDocs(ctx.db, namespace, prefix, after, max);
    for (const doc of docs.page) page.push(toRow(doc));
    return { page, continueAfter: docs.continueAfter, isDone: docs.isDone };
  },
});

/**
 * Like `scan`, but only the keys. `limit`: an integer >= 1, default 1000;
 * above 1000 counts as 1000.
 * Returns `{ keys: string[], continueAfter: string | null, isDone: boolean }`.
 */
export const listKeys = query({
  args: {
    namespace: v.string(),
    prefix: v.string(),
    after: v.optional(v.string()),
    limit: v.optional(v.number()),
  },
  returns: v.object({
    keys: v.array(v.string()),
    continueAfter: v.union(v.string(), v.null()),
    isDone: v.boolean(),
  }),
  handler: async (ctx, { namespace, prefix, after, limit }) => {
    const max = checkLimit(limit, MAX_LIMIT, 1, MAX_LIMIT);
    const docs = await scanDocs(ctx.db, namespace, prefix, after, max);
    return { keys: docs.page.map((doc) => doc.key), continueAfter: docs.continueAfter, isDone: docs.isDone };
  },
});

async function scanDocs(db: DatabaseReader, namespace: string, prefix: string, after: string | undefined, max: number) {
  const page: Doc<"zaileys_kv">[] = [];
  let chars = 0;
  for await (const doc of keyRange(db, namespace, prefix, after)) {
    if (!doc.key.startsWith(prefix)) continue;
    if (page.length >= max || chars >= CHAR_BUDGET) {
      return { page, continueAfter: page[page.length - 1].key, isDone: false };
    }
    page.push(doc);
    chars += docChars(doc);
  }
  return { page, continueAfter: null, isDone: true };
}

/**
 * Compare-and-set one row. When the stored value (null if the key is missing)
 * equals `expected`, the row becomes `{key, value, sortKey}` (`value: null`
 * deletes it) and the result is true; otherwise nothing changes and the result
 * is false.
 */
export const cas = mutation({
  args: {
    namespace: v.string(),
    key: v.string(),
    expected: v.union(v.string(), v.null()),
    value: v.union(v.string(), v.null()),
    sortKey: v.optional(v.number()),
  },
  returns: v.boolean(),
  handler: async (ctx, { namespace, key, expected, value, sortKey }) => {
    const current = await ctx.db
      .query("zaileys_kv")
      .withIndex("by_ns_key", (q) => q.eq("namespace", namespace).eq("key", key))
      .first();
    if ((current?.value ?? null) !== expected) return false;
    if (value === null) {
      await remove(ctx.db, namespace, key);
    } else {
      await upsert(ctx.db, namespace, sortKey === undefined ? { key, value } : { key, value, sortKey });
    }
    return true;
  },
});

/**
 * Deletes the keys of `del`, then upserts the rows of `set` (as `set` does), in
 * one atomic mutation: a key in both ends up written. Returns null.
 */
export const apply = mutation({
  args: {
    namespace: v.string(),
    set: v.optional(v.array(rowValidator)),
    del: v.optional(v.array(v.string())),
  },
  returns: v.null(),
  handler: async (ctx, { namespace, set = [], del = [] }) => {
    for (const key of new Set(del)) await remove(ctx.db, namespace, key);
    for (const item of set) await upsert(ctx.db, namespace, item);
    return null;
  },
});

const expectValidator = v.object({ key: v.string(), value: v.union(v.string(), v.null()) });

/**
 * `apply` under a condition: when every row of `expect` still holds its
 * `value` (null: the key is missing), deletes `del`, upserts `set` and returns
 * true; otherwise changes nothing and returns false. All of it is one
 * mutation, so a client that read `expect`, merged and sends the result either
 * commits as if nothing ran in between or learns that something did and reads
 * again (a compare-and-set over several rows).
 */
export const applyIf = mutation({
  args: {
    namespace: v.string(),
    expect: v.array(expectValidator),
    set: v.optional(v.array(rowValidator)),
    del: v.optional(v.array(v.string())),
  },
  returns: v.boolean(),
  handler: async (ctx, { namespace, expect, set = [], del = [] }) => {
    for (const item of set) checkSortKey(item.sortKey);
    if (!(await holds(ctx.db, namespace, expect))) return false;
    for (const key of new Set(del)) await remove(ctx.db, namespace, key);
    for (const item of set) await upsert(ctx.db, namespace, item);
    return true;
  },
});

/**
 * `clear` under a condition, as `applyIf` is `apply`'s: when every row of
 * `expect` still holds its `value`, deletes one batch as `clear` does and returns
 * `{ applied: true, deleted, hasMore }`; otherwise deletes nothing and returns
 * `{ applied: false, deleted: 0, hasMore: false }`. Each call checks again, so a
 * clear that takes several calls stops at the first one whose condition fails
 * (an auth store's clear expects its lease epoch: once the lease was taken over,
 * not one more row goes).
 */
export const clearIf = mutation({
  args: { namespace: v.string(), expect: v.array(expectValidator), prefix: v.optional(v.string()) },
  returns: v.object({ applied: v.boolean(), deleted: v.number(), hasMore: v.boolean() }),
  handler: async (ctx, { namespace, expect, prefix = "" }) => {
    if (!(await holds(ctx.db, namespace, expect))) return { applied: false, deleted: 0, hasMore: false };
    return { applied: true, ...(await clearBatch(ctx.db, namespace, prefix)) };
  },
});

/** Whether every row of `expect` holds its value (null: the key is missing). */
async function holds(db: DatabaseReader, namespace: string, expect: Infer<typeof expectValidator>[]) {
  for (const { key, value } of expect) {
    const current = await readRow(db, namespace, key);
    if ((current?.value ?? null) !== value) return false;
  }
  return true;
}

/**
 * The namespaces that hold at least one row, ascending (code point order), after
 * `after` (exclusive) when given: the sessions of a deployment, for `ConvexSessions`.
 * `limit`: an integer >= 1, default 100; above 1000 counts as 1000.
 * Returns `{ namespaces: string[], continueAfter: string | null, isDone: boolean }`;
 * call again with `after = continueAfter` until `isDone`. Each namespace costs one
 * index lookup, whatever its number of rows (the lookup skips past them).
 */
export const namespaces = query({
  args: { after: v.optional(v.string()), limit: v.optional(v.number()) },
  returns: v.object({
    namespaces: v.array(v.string()),
    continueAfter: v.union(v.string(), v.null()),
    isDone: v.boolean(),
  }),
  handler: async (ctx, { after, limit }) => {
    const max = checkLimit(limit, 100, 1, MAX_LIMIT);
    const found: string[] = [];
    let last = after;
    while (found.length < max) {
      const from = last;
      const doc =
        from === undefined
          ? await ctx.db.query("zaileys_kv").withIndex("by_ns_key").first()
          : await ctx.db
              .query("zaileys_kv")
              .withIndex("by_ns_key", (q) => q.gt("namespace", from))
              .first();
      if (doc === null) return { namespaces: found, continueAfter: null, isDone: true };
      found.push(doc.namespace);
      last = doc.namespace;
    }
    return { namespaces: found, continueAfter: last ?? null, isDone: false };
  },
});

/**
 * Session lease (one live owner per namespace across processes), used by the
 * Java ConvexAuthStore's `lease()`. Two rows: `zaileys-lease` holds
 * `{owner, holder, expiresAt}` as JSON (expiry by this deployment's clock, so
 * clients with skewed clocks agree) and `zaileys-lease-epoch` the fencing epoch
 * as a decimal string, raised by every acquisition and kept on release. Auth
 * writes of a lease holder go through `applyIf` expecting the epoch row to hold
 * the writer's epoch, so a writer whose lease was taken over changes nothing.
 */
const LEASE_KEY = "zaileys-lease";
const EPOCH_KEY = "zaileys-lease-epoch";

type LeaseRow = { owner: string; holder: string; expiresAt: number };

async function readLease(db: DatabaseReader, namespace: string): Promise<LeaseRow | null> {
  const row = await readRow(db, namespace, LEASE_KEY);
  return row === null ? null : (JSON.parse(row.value) as LeaseRow);
}

async function readEpoch(db: DatabaseReader, namespace: string): Promise<number> {
  const row = await readRow(db, namespace, EPOCH_KEY);
  return row === null ? 0 : Number(row.value);
}

/**
 * Takes the lease when it is free or expired: returns `{acquired: true, epoch}`,
 * or `{acquired: false, holder}` (the holder's JSON) while another owner holds it.
 */
export const leaseAcquire = mutation({
  args: { namespace: v.string(), owner: v.string(), holder: v.string(), ttlMs: v.number() },
  returns: v.object({ acquired: v.boolean(), epoch: v.optional(v.number()), holder: v.optional(v.string()) }),
  handler: async (ctx, { namespace, owner, holder, ttlMs }) => {
    const now = Date.now();
    const current = await readLease(ctx.db, namespace);
    if (current !== null && current.owner !== "" && current.expiresAt > now) {
      return { acquired: false, holder: current.holder };
    }
    const epoch = (await readEpoch(ctx.db, namespace)) + 1;
    await upsert(ctx.db, namespace, { key: EPOCH_KEY, value: String(epoch) });
    await upsert(ctx.db, namespace, { key: LEASE_KEY, value: JSON.stringify({ owner, holder, expiresAt: now + ttlMs }) });
    return { acquired: true, epoch };
  },
});

/**
 * Extends the lease of `owner` at `epoch` by `ttlMs` from now; false when
 * another owner took it over. An expired lease nobody took is still the owner's.
 */
export const leaseRenew = mutation({
  args: { namespace: v.string(), owner: v.string(), holder: v.string(), epoch: v.number(), ttlMs: v.number() },
  returns: v.boolean(),
  handler: async (ctx, { namespace, owner, holder, epoch, ttlMs }) => {
    if ((await readEpoch(ctx.db, namespace)) !== epoch) return false;
    const current = await readLease(ctx.db, namespace);
    if (current !== null && current.owner !== "" && current.owner !== owner) return false;
    await upsert(ctx.db, namespace, { key: LEASE_KEY, value: JSON.stringify({ owner, holder, expiresAt: Date.now() + ttlMs }) });
    return true;
  },
});

/** Frees the lease of `owner` at `epoch` (the epoch stays); a no-op otherwise. */
export const leaseRelease = mutation({
  args: { namespace: v.string(), owner: v.string(), epoch: v.number() },
  returns: v.null(),
  handler: async (ctx, { namespace, owner, epoch }) => {
    const current = await readLease(ctx.db, namespace);
    if (current !== null && current.owner === owner && (await readEpoch(ctx.db, namespace)) === epoch) {
      await remove(ctx.db, namespace, LEASE_KEY);
    }
    return null;
  },
});

/** The current holder's JSON, or null when the lease is free or expired. */
export const leaseHolder = query({
  args: { namespace: v.string() },
  returns: v.union(v.string(), v.null()),
  handler: async (ctx, { namespace }) => {
    const current = await readLease(ctx.db, namespace);
    return current !== null && current.owner !== "" && current.expiresAt > Date.now() ? current.holder : null;
  },
});
