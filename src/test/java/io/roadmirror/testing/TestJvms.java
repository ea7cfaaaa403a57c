package io.roadmirror.testing;

import java.io.File;
import java.nio.file.Path;
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
}
