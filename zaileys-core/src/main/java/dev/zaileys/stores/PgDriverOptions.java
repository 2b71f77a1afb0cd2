package dev.zaileys.stores;

import java.lang.reflect.Method;

/**
 * Whether pgjdbc knows a connection option. Reflective because the driver is optional and the
 * module does not read it; without the driver every option passes here and opening the store
 * reports {@code STORE_NOT_AVAILABLE}.
 */
final class PgDriverOptions {

    private PgDriverOptions() {}

    static boolean known(String key) {
        Method forName;
        try {
            forName = Class.forName("org.postgresql.PGProperty").getMethod("forName", String.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            return true;
        }
        try {
            return forName.invoke(null, key) != null;
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
