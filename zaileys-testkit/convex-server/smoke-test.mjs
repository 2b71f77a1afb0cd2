// Smoke test of server.mjs and examples/convex/zaileys.ts over HTTP.
//
// Usage: node smoke-test.mjs [fixtureDir]
//   fixtureDir: a zaileys-node fixture folder (holding convex/zaileys_kv.jsonl and
//   expected.json); when given, its rows are loaded through zaileys:set and
//   zaileys:list is compared with what the Node original returned.
// Exits non-zero on the first failed check.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const here = dirname(fileURLToPath(import.meta.url));
const fixtureDir = process.argv[2];

const child = spawn(process.execPath, [join(here, "server.mjs"), "0"], { stdio: ["pipe", "pipe", "inherit"] });
const port = await new Promise((resolvePort, reject) => {
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
    const match = /^LISTENING (\d+)$/m.exec(out);
    if (match) resolvePort(Number(match[1]));
  });
  child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
});
const base = `http://127.0.0.1:${port}`;

async function post(path, body) {
  const response = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function call(kind, name, args) {
  const { status, body } = await post(`/api/${kind}`, { path: `zaileys:${name}`, args, format: "json" });
  assert.equal(status, 200, `${name}: ${JSON.stringify(body)}`);
  assert.equal(body.status, "success");
  return body.value;
}
const q = (name, args) => call("query", name, args);
const m = (name, args) => call("mutation", name, args);

let checks = 0;
async function check(label, fn) {
  await fn();
  checks++;
  console.log(`ok ${checks} ${label}`);
}

try {
  const ns = "smoke";
  await check("set/get", async () => {
    assert.equal(await m("set", { namespace: ns, items: [{ key: "a", value: "1" }, { key: "b", value: "2", sortKey: 5 }] }), null);
    assert.deepEqual(await q("get", { namespace: ns, keys: ["b", "missing", "a", "b"] }), [
      { key: "b", value: "2", sortKey: 5 },
      { key: "a", value: "1" },
    ]);
  });

  await check("set replaces the whole row", async () => {
    await m("set", { namespace: ns, items: [{ key: "b", value: "3" }] });
    assert.deepEqual(await q("get", { namespace: ns, keys: ["b"] }), [{ key: "b", value: "3" }]);
  });

  await check("list: newest first, ties by ascending key, before, limit", async () => {
    await m("set", {
      namespace: ns,
      items: [
        { key: "m:3", value: "x", sortKey: 20 },
        { key: "m:1", value: "x", sortKey: 20 },
        { key: "m:2", value: "x", sortKey: 10 },
        { key: "m:0", value: "x" },
        { key: "n:1", value: "x", sortKey: 99 },
      ],
    });
    const keys = async (args) => (await q("list", { namespace: ns, ...args })).map((row) => row.key);
    assert.deepEqual(await keys({ prefix: "m:" }), ["m:1", "m:3", "m:2", "m:0"]);
    assert.deepEqual(await keys({ prefix: "m:", before: 20 }), ["m:2", "m:0"]);
    assert.deepEqual(await keys({ prefix: "m:", limit: 1 }), ["m:1"]);
  });

  await check("prefix scans keep keys with characters above U+FFFF", async () => {
    await m("set", {
      namespace: ns,
      items: [
        { key: "\u{1F600}start", value: "x", sortKey: 1 },
        { key: "e:\u{1F600}", value: "x", sortKey: 2 },
        { key: "e:\uFFFF", value: "x", sortKey: 3 },
        { key: "e;", value: "x", sortKey: 4 },
        { key: "\u{10FFFF}", value: "x", sortKey: 5 },
      ],
    });
    const keys = async (prefix) => (await q("list", { namespace: ns, prefix })).map((row) => row.key);
    assert.deepEqual(await keys("\u{1F600}"), ["\u{1F600}start"]);
    assert.deepEqual(await keys("e:"), ["e:\uFFFF", "e:\u{1F600}"]);
    assert.deepEqual(await keys("\u{10FFFF}"), ["\u{10FFFF}"]);
    assert.ok((await keys("")).includes("\u{1F600}start"));
    const scanned = await q("listKeys", { namespace: ns, prefix: "" });
    assert.ok(scanned.keys.includes("\u{1F600}start") && scanned.isDone);
  });

  await check("listPage walks ties without skipping", async () => {
    const items = [];
    for (let i = 0; i < 25; i++) items.push({ key: `p:${String(i).padStart(2, "0")}`, value: "x", sortKey: i < 15 ? 100 : i });
    await m("set", { namespace: ns, items });
    const seen = [];
    let cursor;
    for (;;) {
      const result = await q("listPage", { namespace: ns, prefix: "p:", limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...result.page.map((row) => row.key));
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    const expected = items
      .slice()
      .sort((a, b) => b.sortKey - a.sortKey || (a.key < b.key ? 1 : -1))
      .map((row) => row.key);
    assert.deepEqual(seen, expected);
  });

  await check("cas claims once", async () => {
    assert.equal(await m("cas", { namespace: ns, key: "job:1", expected: null, value: "mine", sortKey: 7 }), true);
    assert.equal(await m("cas", { namespace: ns, key: "job:1", expected: null, value: "theirs" }), false);
    assert.equal(await m("cas", { namespace: ns, key: "job:1", expected: "mine", value: null }), true);
    assert.deepEqual(await q("get", { namespace: ns, keys: ["job:1"] }), []);
  });

  await check("apply and del", async () => {
    assert.equal(await m("apply", { namespace: ns, set: [{ key: "z", value: "1" }], del: ["a", "z"] }), null);
    assert.deepEqual(await q("get", { namespace: ns, keys: ["a", "z"] }), [{ key: "z", value: "1" }]);
    assert.equal(await m("del", { namespace: ns, keys: ["z"] }), null);
    assert.deepEqual(await q("get", { namespace: ns, keys: ["z"] }), []);
  });

  await check("clear by prefix, then all, other namespaces untouched", async () => {
    await m("set", { namespace: "other", items: [{ key: "m:1", value: "keep" }] });
    assert.deepEqual(await m("clear", { namespace: ns, prefix: "m:" }), { deleted: 4, hasMore: false });
    let result;
    do result = await m("clear", { namespace: ns });
    while (result.hasMore);
    assert.deepEqual((await q("listKeys", { namespace: ns, prefix: "" })).keys, []);
    assert.deepEqual(await q("get", { namespace: "other", keys: ["m:1"] }), [{ key: "m:1", value: "keep" }]);
  });

  await check("function errors are HTTP 560", async () => {
    const { status, body } = await post("/api/mutation", { path: "zaileys:set", args: { namespace: ns }, format: "json" });
    assert.equal(status, 560);
    assert.equal(body.status, "error");
    assert.match(body.errorMessage, /items/);
  });

  await check("malformed requests are HTTP 400", async () => {
    assert.equal((await post("/api/query", "{not json")).status, 400);
    assert.equal((await post("/api/query", { args: {} })).status, 400);
  });

  await check("__reset drops everything", async () => {
    await m("set", { namespace: "other", items: [{ key: "k", value: "v" }] });
    assert.equal((await post("/__reset", {})).status, 200);
    assert.deepEqual(await q("get", { namespace: "other", keys: ["k", "m:1"] }), []);
  });

  if (fixtureDir) {
    await check(`fixture ${fixtureDir}: list matches the Node original`, async () => {
      const rows = readFileSync(join(fixtureDir, "convex", "zaileys_kv.jsonl"), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line));
      const byNamespace = new Map();
      for (const { namespace, ...row } of rows) {
        if (!byNamespace.has(namespace)) byNamespace.set(namespace, []);
        byNamespace.get(namespace).push(row);
      }
      for (const [namespace, items] of byNamespace) await m("set", { namespace, items });
      for (const [namespace, items] of byNamespace) {
        const stored = [];
        let after;
        for (;;) {
          const page = await q("scan", { namespace, prefix: "", limit: 50, ...(after !== undefined ? { after } : {}) });
          stored.push(...page.page);
          if (page.isDone) break;
          after = page.continueAfter;
        }
        assert.deepEqual(stored, items, `namespace ${namespace} round trip`);
      }
      const expected = JSON.parse(readFileSync(join(fixtureDir, "expected.json"), "utf8")).convex;
      const values = (list) => list.map((row) => JSON.parse(row.value));
      for (const [jid, lists] of Object.entries(expected.messages)) {
        const prefix = `msg:${jid}:`;
        assert.deepEqual(values(await q("list", { namespace: "fx-store", prefix })), lists.default, `${jid} default`);
        assert.deepEqual(values(await q("list", { namespace: "fx-store", prefix, limit: 7 })), lists.limit7, `${jid} limit7`);
        const { before, limit, result } = lists.limit5_before;
        assert.deepEqual(values(await q("list", { namespace: "fx-store", prefix, before, limit })), result, `${jid} limit5_before`);
      }
      assert.deepEqual(values(await q("list", { namespace: "fx-store", prefix: "job:" })), expected.scheduledJobs);
    });
  } else {
    console.log("(no fixture folder given: fixture comparison not run)");
  }
  console.log(`all ${checks} checks passed`);
} finally {
  child.stdin.end();
}
