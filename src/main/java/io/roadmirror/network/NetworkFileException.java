package io.roadmirror.network;

/** A network file that cannot be loaded; the message names the file and the line or feature to fix. */
public final class NetworkFileException extends RuntimeException {
    public NetworkFileException(String message) {
        super(message);
    }

    public NetworkFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
