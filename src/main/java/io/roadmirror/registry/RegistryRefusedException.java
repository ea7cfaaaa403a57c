package io.roadmirror.registry;

/**
 * The registry refused the request as such: wrong credentials (401), no permission (403), or a
 * 404 that is not one of the registry's own "not found" codes (404xx), which means the base URL
 * points at something that is not a schema registry API. Nothing about the data: a record that
 * meets this must not be dead-lettered. Not retried by the client (it will not pass by itself);
 * the task fails, and the operator fixes the configuration.
 */
public final class RegistryRefusedException extends RegistryException {
    public RegistryRefusedException(int httpStatus, int errorCode, String message) {
        super(httpStatus, errorCode, message);
    }

    /** Whether an answer with this status and error code is a refusal rather than an answer about the data. */
    public static boolean isRefusal(int httpStatus, int errorCode) {
        return httpStatus == 401 || httpStatus == 403 || httpStatus == 404 && (errorCode < 40400 || errorCode > 40499);
    }
}
