/**
 * Encryption at rest of any auth store: creds and every Signal value sealed with AES-256-GCM,
 * bound to session, type and id, with key rotation.
 */
package dev.zaileys.store.crypto;
