package io.roadmirror.runtime;

import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/** Where log output goes. */
public final class Logs {
    private Logs() {
    }

    /**
     * Sends the log to a file and keeps only errors on the console, for commands that draw a live
     * status line on the terminal.
     */
    public static void toFile(Path file) {
        toFile(file, "ERROR");
    }

    /** The same, with another threshold for the console (OFF: nothing at all). */
    public static void toFile(Path file, String consoleLevel) {
        System.setProperty("roadmirror.log.file", file.toAbsolutePath().toString());
        System.setProperty("roadmirror.console.level", consoleLevel);
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }
}
