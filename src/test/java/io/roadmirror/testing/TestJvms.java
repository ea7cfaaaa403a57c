package io.roadmirror.testing;

import io.roadmirror.embedded.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What a test needs to start roadmirror in a child JVM, as the launcher would. */
public final class TestJvms {
    private TestJvms() {}

    /** This JVM's class path with absolute entries, so a child started in another directory finds every class. */
    public static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Waits until the child's log holds {@code line}; fails at once, with the log's end, if the child exits. */
    public static void awaitLine(ChildJvm child, String line, Duration timeout) {
        try {
            Await.until(
                    "'" + line + "' in " + child.logFile(),
                    () -> {
                        if (!child.isAlive()) {
                            throw new AssertionError("the child JVM exited: " + child.logTail(30));
                        }
                        try {
                            return Files.readString(child.logFile()).contains(line);
                        } catch (IOException e) {
                            return false;
                        }
                    },
                    timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the log ends with:\n" + child.logTail(40), e);
        }
    }
}
