package dev.zaileys.cli;

/** A mistake in how the tool was called (a bad or unsupported store URI): exit code 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
