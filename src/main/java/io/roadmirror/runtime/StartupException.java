package io.roadmirror.runtime;

/** Start-up failed for a reason a user can fix; the message says what and how (no stack trace needed). */
public class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
