/**
 * The data model every other package shares: Baileys-shaped documents kept whole
 * ({@link dev.zaileys.model.WAMessage}, {@link dev.zaileys.model.Chat}, {@link dev.zaileys.model.Contact},
 * {@link dev.zaileys.model.Presence}, {@link dev.zaileys.model.AuthCreds},
 * {@link dev.zaileys.model.ScheduledJob}), their codec ({@link dev.zaileys.model.BufferJson}, byte
 * for byte the encoding of Baileys' {@code BufferJSON}), id validation and the one exception type,
 * {@link dev.zaileys.model.ZaileysStoreException}. It depends on nothing else of the library.
 */
package dev.zaileys.model;
