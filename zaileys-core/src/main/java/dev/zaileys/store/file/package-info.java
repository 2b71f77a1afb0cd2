/**
 * The File auth store (the default auth): {@code creds.json} plus
 * {@code signal/<type>/<id>.json} in the Node original's layout, atomic fsynced writes, files
 * readable by the owner only. No message store, by design.
 */
package dev.zaileys.store.file;
