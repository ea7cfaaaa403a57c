package io.roadmirror.runtime;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way roadmirror stops several parts: in the given order, each one whatever happened to the
 * ones before; a failure to stop is logged (there is nothing better to do with it while stopping)
 * and a missing (null) part is skipped.
 */
public final class Closeables {
    private static final Logger log = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {}

    public static void closeAll(AutoCloseable... resources) {
        closeAll(Arrays.asList(resources));
    }

    public static void closeAll(Iterable<? extends AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("Error while stopping {}: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
