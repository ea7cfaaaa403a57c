package io.roadmirror.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parent-watch agent jar is one file per agent build, not one per process: a killed process leaves nothing new behind. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChildJvmTest {
    @Test
    void theAgentJarIsNamedByItsContentInTheTempDirectory() throws Exception {
        Path jar = ChildJvm.agentJar();
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), jar.getParent());
        assertTrue(
                jar.getFileName().toString().matches("roadmirror-parent-watch-[0-9a-f]{16}\\.jar"),
                jar.getFileName().toString());
        try (JarFile file = new JarFile(jar.toFile())) {
            assertEquals(
                    ParentWatchAgent.class.getName(),
                    file.getManifest().getMainAttributes().getValue("Premain-Class"));
        }
    }
}
