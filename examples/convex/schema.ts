/**
 * Schema of the zaileys key/value table.
 *
 * Merge the `zaileys_kv` entry into the `defineSchema({...})` call of your own
 * `convex/schema.ts`; the functions in `zaileys.ts` rely on both indexes.
 *
 * Every row belongs to one `namespace` (an auth store, a message store, ...), is
 * identified by `key` inside it and holds a `value` string (JSON written by the
 * stores). `sortKey` is set on rows that are listed newest first (messages:
 * their timestamp in seconds; scheduled jobs: their due time).
 */
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  zaileys_kv: defineTable({
    namespace: v.string(),
    key: v.string(),
    value: v.string(),
    sortKey: v.optional(v.number()),
  })
    .index("by_ns_key", ["namespace", "key"])
    .index("by_ns_sort", ["namespace", "sortKey"]),
});
