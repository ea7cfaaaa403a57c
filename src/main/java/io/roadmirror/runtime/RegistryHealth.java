package io.roadmirror.runtime;

import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.RegistryUnavailableException;
import io.roadmirror.registry.SchemaRegistryClient;
import java.util.Optional;

/**
 * Tells a schema registry that cannot serve this process (unreachable, refusing its credentials, or
 * a URL that is not a registry) from a registry that rejects one record's schema. The first is an
 * infrastructure problem: at start it ends the command with one line saying what to fix, while
 * running it makes the instance not ready and is waited out; it never makes a record a dead letter.
 */
public final class RegistryHealth {
    private RegistryHealth() {}

    /** Fails fast, before anything starts, when the registry cannot serve this process. */
    public static void requireUsable(SchemaRegistryClient registry) {
        try {
            registry.subjects();
        } catch (RegistryException e) {
            throw new StartupException(
                    problemIn(e).orElse("the schema registry refused to list subjects: " + firstLine(e.getMessage())),
                    e);
        }
    }

    /** A one-line reason when the failure (or one of its causes) means the registry cannot serve us at all. */
    public static Optional<String> problemIn(Throwable failure) {
        return RegistryException.infrastructureIn(failure).map(RegistryHealth::describe);
    }

    private static String describe(RegistryException e) {
        if (e instanceof RegistryUnavailableException) {
            return "the schema registry is unavailable: " + firstLine(e.getMessage());
        }
        if (e.httpStatus() == 401 || e.httpStatus() == 403) {
            return "the schema registry refuses this process's credentials (HTTP " + e.httpStatus()
                    + "); check schema.registry.basic.auth.user.info (--schema-registry-user-info)";
        }
        return "the schema registry URL answers 404 without a registry error code: it is not a "
                + "registry's base path (for Apicurio it ends in /apis/ccompat/v7); "
                + "check schema.registry.url (--schema-registry-url)";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
