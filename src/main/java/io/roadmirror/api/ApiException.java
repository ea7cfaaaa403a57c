package io.roadmirror.api;

/** An answer other than 200, with the sentence the client gets as {@code {"error": ...}}. */
final class ApiException extends RuntimeException {
    private final int status;

    private ApiException(int status, String message) {
        super(message);
        this.status = status;
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

    int status() {
        return status;
    }
}
