package io.roadmirror.api;

/**
 * Data that should become readable shortly: a key whose partition has no active owner during a
 * rebalance, an instance that is not (or no longer) the owner, a peer that cannot be reached.
 * {@link Retry} tries again; after its budget the client gets a 503.
 */
final class NotYetAvailable extends RuntimeException {
    NotYetAvailable(String message) {
        super(message);
    }
}
