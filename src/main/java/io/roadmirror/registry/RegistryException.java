package io.roadmirror.registry;

import java.util.Optional;

/**
 * An error answer of the schema registry, with the HTTP status and the registry's own
 * {@code error_code} (e.g. 40401 subject not found, 40403 schema not found, 409 incompatible,
 * 42201 invalid schema), and a message that says what to do about it.
 */
public class RegistryException extends RuntimeException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    private final int httpStatus;
    private final int errorCode;

    public RegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public RegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    /** HTTP status of the answer; 0 when no answer came (see {@link RegistryUnavailableException}). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's error_code, or the HTTP status when the body carried none. */
    public int errorCode() {
        return errorCode;
    }

    /**
     * Whether this says the registry cannot serve the caller at all (unreachable, a server error,
     * credentials refused, a URL that is not a registry) rather than anything about the data it was
     * asked about: a record that meets such an answer must never be dead-lettered.
     */
    public boolean isInfrastructure() {
        return this instanceof RegistryUnavailableException
                || RegistryRefusedException.isRefusal(httpStatus, errorCode);
    }

    /** The first registry answer in the cause chain that says the registry cannot serve the caller, if any. */
    public static Optional<RegistryException> infrastructureIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RegistryException e && e.isInfrastructure()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the registry said that what was asked for does not exist: a 404 with one of its own codes (40401
     * subject, 40402 version, 40403 schema). A 404 without such a code comes from something that is not a registry
     * API (a wrong base path, or a registry that is shutting down or starting and has not mounted its API): that is
     * a refusal ({@link #isInfrastructure()}), never an answer that a subject lacks a schema.
     */
    public boolean isNotFound() {
        return httpStatus == 404 && !RegistryRefusedException.isRefusal(httpStatus, errorCode);
    }

    public boolean isIncompatible() {
        return errorCode == INCOMPATIBLE_SCHEMA || httpStatus == 409;
    }
}
