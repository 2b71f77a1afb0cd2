/**
 * Redis stores (Lettuce, optional): keys under a namespace in the Node original's layout;
 * messages in sorted sets for newest-first paging, presence with a short TTL.
 */
package dev.zaileys.store.redis;
