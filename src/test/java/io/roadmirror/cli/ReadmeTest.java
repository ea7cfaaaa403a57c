package io.roadmirror.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README is part of the product: its configuration table and its first two commands cannot drift. */
class ReadmeTest {
    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    static String configurationTable() {
        StringBuilder table = new StringBuilder();
        table.append("| setting (properties file) | flag | environment variable | default | meaning |\n");
        table.append("|---|---|---|---|---|\n");
        for (ConfigKey<?> key : ConfigKeys.all()) {
            table.append("| `").append(key.name()).append("` | `").append(key.flag()).append("` | `").append(key.envVar())
                    .append("` | ").append(key.hasDefault() ? "`" + key.defaultValue() + "`" : "–")
                    .append(" | ").append(key.description().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    /** Prints the table, for pasting into the README: see "Regenerating the configuration table" there. */
    public static void main(String[] args) {
        System.out.print(configurationTable());
    }

    @Test
    void theConfigurationTableListsEverySettingExactly() throws IOException {
        String expected = configurationTable();
        assertTrue(readme().contains(expected), "README.md must contain this table (regenerate it from here):\n" + expected);
    }

    @Test
    void theFirstTwoCommandsAreTheDemoAndTheTestsAndCiRunsTheSecond() throws IOException {
        List<String> commands = readme().lines().filter(l -> l.startsWith("./roadmirror ") || l.startsWith("mvn "))
                .limit(2).collect(Collectors.toList());
        assertEquals(List.of("./roadmirror demo", "mvn -q verify"), commands);
        assertTrue(Files.readString(Path.of(".ci/run")).lines().anyMatch(l -> l.trim().equals("mvn -q verify")));
    }
}
