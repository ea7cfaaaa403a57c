package io.roadmirror.registry;

/**
 * The registry could not be reached or answered with a server error after retries. Not a problem
 * of the data: callers must retry later, never dead-letter a record because of it.
 */
public final class RegistryUnavailableException extends RegistryException {
    public RegistryUnavailableException(int httpStatus, String message, Throwable cause) {
        super(httpStatus, httpStatus, message, cause);
    }
}
