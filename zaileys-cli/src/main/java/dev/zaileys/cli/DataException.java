package dev.zaileys.cli;

/** Input that cannot be imported (malformed line, unknown kind): exit code 1, nothing written. */
final class DataException extends RuntimeException {

    DataException(String message) {
        super(message);
    }

    DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
