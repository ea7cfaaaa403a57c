package io.roadmirror.ingest;

/**
 * Thrown by a processor for input it cannot use; the processing exception handler turns it into a
 * dead letter with the source record's original bytes and moves on. Stack-less: it is an expected
 * outcome, not a bug.
 */
public final class DeadLetterException extends RuntimeException {
    private final transient Rejection rejection;

    public DeadLetterException(Rejection rejection) {
        super(rejection.reason() + ": " + rejection.detail(), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
