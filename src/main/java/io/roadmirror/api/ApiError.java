package io.roadmirror.api;

/** The body of every answer that is not 200: what went wrong, in one sentence, and the HTTP status. */
public record ApiError(String error, int status) {}
