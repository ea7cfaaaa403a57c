package io.roadmirror.api;

/** An answer other than 200, with the sentence the client gets as {@code {"error": ...}}. */
final class ApiException extends RuntimeException {
    private final int status;
    private final Integer retryAfterSeconds;

    private ApiException(int status, String message) {
        this(status, message, null);
    }

    private ApiException(int status, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException notAcceptable(String message) {
        return new ApiException(406, message);
    }

    /** The data exists but cannot be read right now (rebalance, restoring state, an instance unreachable): retry. */
    static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    /** Too much at once: a 503 with Retry-After, so well-behaved clients back off instead of hammering. */
    static ApiException overloaded(String message) {
        return new ApiException(503, message, 1);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    /** Seconds for a Retry-After header, or null. */
    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    int status() {
        return status;
    }
}
