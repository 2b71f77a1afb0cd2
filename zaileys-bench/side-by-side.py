#!/usr/bin/env python3
"""One table from a side-by-side sitting: for each backend, our `zaileys bench --json --raw` lines
and the Node original's (../shared/anchor-bench/bench.mjs) lines, paired by operation.
Usage: side-by-side.py DIR   (DIR holds java-<backend>.jsonl and node-<backend>.jsonl)
Columns: ours ops/s, node ops/s, ours/node, ours/raw (the raw limit of the same family, same run)."""
import json, os, sys

PAIRS = [("W1", "W1_ingest_sequential", ""), ("W1b", "W1b_ingest_bind_upsert", ""),
         ("W3", "W3_point_read", ""), ("W2", "W2_page_walk", ""),
         ("A1-prekeys", "A1_prekey_write_1000_in_one_call", "auth-"),
         ("A1-sessions-write", "A1_session_seed_5000x1KB", "auth-"),
         ("A1-sessions-read", "A1_session_read_single", "auth-"),
         ("A1-creds-write", "A1_writeCreds", "auth-"), ("A1-creds-read", "A1_readCreds", "auth-")]

def lines(path):
    out = []
    if os.path.exists(path):
        for l in open(path):
            l = l.strip()
            if l.startswith("{"):
                try:
                    out.append(json.loads(l))
                except ValueError:
                    pass
    return out

d = sys.argv[1]
print(f"| backend | op | ours ops/s | node ops/s | ours/node | ours/raw |")
print(f"|---|---|---:|---:|---:|---:|")
for b in ["memory", "sqlite", "postgres", "redis", "file"]:
    java = {r["op"]: r for r in lines(f"{d}/java-{b}.jsonl") if "op" in r}
    node = {(r.get("adapter"), r.get("op")): r for r in lines(f"{d}/node-{b}.jsonl") if "op" in r}
    for jop, nop, pre in PAIRS:
        j = java.get(jop)
        n = node.get((pre + b, nop))
        if not j and not n:
            continue
        a = j["ops_per_s"] if j else None
        c = n["ops_per_s"] if n else None
        rn = f"{a / c:.2f}" if a and c else "-"
        rr = f"{j['ratio_to_raw']:.2f}" if j and "ratio_to_raw" in j else "-"
        print(f"| {b} | {jop} | {a:,.0f} | {c:,.0f} | {rn} | {rr} |" if a and c else
              f"| {b} | {jop} | {a if a else '-'} | {c if c else '-'} | {rn} | {rr} |")
