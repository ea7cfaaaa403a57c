package io.roadmirror.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The README and the pages under docs/ are part of the product: the configuration reference, the
 * first two commands, and every command and flag they show cannot drift from the code.
 */
@Timeout(30)
class ReadmeTest {
    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final Path CONFIGURATION_PAGE = DOCS.resolve("operations.md");
    /** {@code ./roadmirror <command>} and what follows it up to the end of the line, a backtick or a comment. */
    private static final Pattern INVOCATION = Pattern.compile("\\./roadmirror ([a-z][a-z-]*)([^`#\\n]*)");

    static String configurationTable() {
        StringBuilder table = new StringBuilder();
        table.append("| setting (properties file) | flag | environment variable | default | meaning |\n");
        table.append("|---|---|---|---|---|\n");
        for (ConfigKey<?> key : ConfigKeys.all()) {
            table.append("| `")
                    .append(key.name())
                    .append("` | `")
                    .append(key.flag())
                    .append("` | `")
                    .append(key.envVar())
                    .append("` | ")
                    .append(key.hasDefault() ? "`" + key.defaultValue() + "`" : "–")
                    .append(" | ")
                    .append(key.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** Prints the table, for pasting into docs/operations.md when a setting changes. */
    public static void main(String[] args) {
        System.out.print(configurationTable());
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> docs = Files.list(DOCS)) {
            List<Path> pages = new ArrayList<>(List.of(README));
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            return pages;
        }
    }

    @Test
    void theConfigurationReferenceListsEverySettingExactly() throws IOException {
        String expected = configurationTable();
        assertTrue(
                Files.readString(CONFIGURATION_PAGE).contains(expected),
                CONFIGURATION_PAGE + " must contain this table (regenerate it from here):\n" + expected);
    }

    @Test
    void theReadmesShortConfigurationSummaryHasTheRealNamesAndDefaults() throws IOException {
        Map<String, ConfigKey<?>> keys = ConfigKeys.all().stream().collect(Collectors.toMap(ConfigKey::name, k -> k));
        Pattern row = Pattern.compile("^\\| ((?:`[a-z.]+`(?:, )?)+) \\| ((?:(?:`[^`]+`|–)(?:, )?)+) \\|");
        int rows = 0;
        for (String line : Files.readString(README).lines().toList()) {
            Matcher m = row.matcher(line);
            if (!m.find()) {
                continue;
            }
            String[] names = m.group(1).replace("`", "").split(", ");
            String[] defaults = m.group(2).split(", ");
            assertEquals(names.length, defaults.length, line);
            for (int i = 0; i < names.length; i++) {
                ConfigKey<?> key = keys.get(names[i]);
                assertNotNull(key, "README.md names a setting that does not exist: " + names[i]);
                assertEquals(
                        key.hasDefault() ? "`" + key.defaultValue() + "`" : "–", defaults[i], "default of " + names[i]);
            }
            rows++;
        }
        assertTrue(rows >= 5, "the README summarises the main settings: " + rows);
    }

    @Test
    void theFirstTwoCommandsAreTheDemoAndTheTestsAndCiRunsTheSecond() throws IOException {
        List<String> commands = Files.readString(README)
                .lines()
                .filter(l -> l.startsWith("./roadmirror ") || l.startsWith("mvn "))
                .limit(2)
                .collect(Collectors.toList());
        assertEquals(List.of("./roadmirror demo", "mvn -q verify"), commands);
        assertTrue(Files.readString(Path.of(".ci/run"))
                .lines()
                .anyMatch(l -> l.trim().equals("mvn -q verify")));
    }

    @Test
    void theReadmeListsEveryCommandAndNoOther() throws IOException {
        String readme = Files.readString(README);
        String section = readme.substring(readme.indexOf("\n## Commands"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Set<String> listed = section.lines()
                .map(Pattern.compile("^\\| `([a-z-]+)` \\|")::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> commands = new TreeSet<>(Main.commandLine().getSubcommands().keySet());
        commands.remove("help");
        assertEquals(commands, listed);
    }

    @Test
    void everyCommandAndFlagTheDocsShowExists() throws IOException {
        CommandLine cli = Main.commandLine();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            String text = Files.readString(page).replace("\\\n", " "); // shell line continuations
            Matcher m = INVOCATION.matcher(text);
            while (m.find()) {
                CommandLine sub = cli.getSubcommands().get(m.group(1));
                if (sub == null) {
                    problems.add(page + ": there is no command '" + m.group(1) + "'");
                    continue;
                }
                checked++;
                for (String token : m.group(2).trim().split("\\s+")) {
                    String flag = token.split("=", 2)[0];
                    if (flag.startsWith("--") && sub.getCommandSpec().findOption(flag) == null) {
                        problems.add(page + ": '" + m.group(1) + "' has no flag " + flag);
                    }
                }
            }
        }
        assertTrue(checked >= 10, "the pages show the commands they document: " + checked);
        assertEquals(List.of(), problems);
    }

    @Test
    void theReadmeIndexesEveryPageAndStaysInsideTheRepository() throws IOException {
        String readme = Files.readString(README);
        for (Path page : pages().subList(1, pages().size())) {
            assertTrue(readme.contains("](docs/" + page.getFileName() + ")"), "README.md links " + page);
        }
        assertFalse(readme.contains("](../"), "README.md links nothing outside the repository");
    }
}
