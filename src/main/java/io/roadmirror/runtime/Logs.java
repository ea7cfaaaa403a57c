package io.roadmirror.runtime;

import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/** Where log output goes. */
public final class Logs {
    private Logs() {}

    /**
     * Sends the whole log to a file and nothing to the console, for commands that draw a live status
     * line on the terminal and report their own failures. (The in-process broker logs known, harmless
     * start-up races of Kafka 4.3 at ERROR, e.g. KAFKA-15591 on brand-new internal partitions.)
     */
    public static void toFile(Path file) {
        toFile(file, "OFF");
    }

    /** The same, with another threshold for the console (OFF: nothing at all). */
    public static void toFile(Path file, String consoleLevel) {
        System.setProperty("roadmirror.log.file", file.toAbsolutePath().toString());
        System.setProperty("roadmirror.console.level", consoleLevel);
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }
}
