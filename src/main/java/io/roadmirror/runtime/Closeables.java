package io.roadmirror.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops several parts in the given order; a failing or missing (null) one does not keep the others running. */
final class Closeables {
    private static final Logger log = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {
    }

    static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                log.warn("Error while stopping {}: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
