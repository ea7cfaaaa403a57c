package io.roadmirror.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM must not outlive its parent, even when the parent is killed with SIGKILL. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChildJvmIT {
    @TempDir
    Path dir;

    @Test
    void aChildJvmEndsWhenItsParentIsKilled() throws Exception {
        // The "parent" here is a JVM that starts a child through ChildJvm and then waits; we kill -9 it.
        Path log = dir.resolve("parent.log");
        Process parent = new ProcessBuilder(
                        ChildJvm.currentJava().toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChildJvmIT.Parent.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long childPid = awaitChildPid(parent);
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
        assertTrue(child.isAlive());

        parent.destroyForcibly(); // SIGKILL: no shutdown hooks run in the parent
        parent.waitFor(10, TimeUnit.SECONDS);

        child.onExit().get(20, TimeUnit.SECONDS);
        assertFalse(child.isAlive(), "the child JVM exited by itself after its parent died");
    }

    private long awaitChildPid(Process parent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Path pidFile = dir.resolve("child.pid");
        while (System.nanoTime() < deadline && parent.isAlive()) {
            if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
                return Long.parseLong(Files.readString(pidFile).trim());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "the parent did not start its child; log: " + Files.readString(dir.resolve("parent.log")));
    }

    /** Runs in its own JVM: starts a sleeping child JVM and writes its pid. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            ChildJvm child = ChildJvm.start(
                    "sleeper",
                    null,
                    List.of("-Xmx32m"),
                    List.of("-cp", System.getProperty("java.class.path"), Sleeper.class.getName()),
                    dir,
                    dir.resolve("child.log"));
            Path tmp = dir.resolve("child.pid.tmp");
            Files.writeString(tmp, Long.toString(child.pid()));
            Files.move(tmp, dir.resolve("child.pid"));
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }

    /** The child: would sleep for minutes if nothing ended it. */
    public static final class Sleeper {
        public static void main(String[] args) throws Exception {
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }
}
