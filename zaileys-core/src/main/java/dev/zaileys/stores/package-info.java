/**
 * The concrete stores seen from above: {@link dev.zaileys.stores.StoreUri} opens the store a URI
 * names, and {@link dev.zaileys.stores.StoreProbe} tells whether one is reachable, at which schema
 * version and with which warnings. The command-line tool and the Spring Boot starter share both.
 */
package dev.zaileys.stores;
