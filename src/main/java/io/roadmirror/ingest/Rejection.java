package io.roadmirror.ingest;

/** Why an input record cannot be used, in words a gateway operator can act on. */
public record Rejection(DeadLetterReason reason, String detail) {}
