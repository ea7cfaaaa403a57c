package io.roadmirror.testing;

import io.roadmirror.runtime.Directories;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Temporary directories for what outlives a single test (a class's pipeline state, a browser
 * profile): deleted when the test JVM exits, so a test run leaves nothing in the temp directory.
 * A test's own files belong in a JUnit {@code @TempDir}.
 */
public final class TempDirs {
    private static final List<Path> created = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> created.forEach(Directories::deleteRecursively), "delete-temp-dirs"));
    }

    private TempDirs() {}

    public static Path create(String prefix) {
        Path dir = Directories.createTemp(prefix);
        created.add(dir);
        return dir;
    }
}
