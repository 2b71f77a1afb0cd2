/**
 * Spring Boot auto-configuration of zaileys storage: the stores, the client, metrics and health,
 * each backing off when the application defines its own bean. Properties live under
 * {@code zaileys.} ({@link dev.zaileys.spring.boot.ZaileysProperties}).
 */
package dev.zaileys.spring.boot;
