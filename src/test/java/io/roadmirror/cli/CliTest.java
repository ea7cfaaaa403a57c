package io.roadmirror.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelpListingItsSettings() {
        CommandLine cli = Main.commandLine();
        for (String name : cli.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            Result help = run(name, "--help");
            assertEquals(0, help.exitCode(), name);
            assertTrue(help.out().contains("Usage: roadmirror " + name), help.out());
            if (cli.getSubcommands().get(name).getCommand() instanceof ConfiguredCommand) {
                assertTrue(help.out().contains("--config=FILE"), name + " takes a config file");
            }
        }
        Result demo = run("demo", "--help");
        assertTrue(
                demo.out().contains("--broker-port") && demo.out().contains("ROADMIRROR_EMBEDDED_BROKER_PORT"),
                demo.out());
        Result register = run("register-schemas", "--help");
        assertTrue(register.out().contains("--schema-registry-url"), register.out());
    }

    @Test
    void benchFlagsThatShareASettingsNameButNotItsTypeStillParse() {
        // bench declares --seed (a number) and --registry-port itself; reading them as settings once threw a
        // ClassCastException before any phase ran.
        CommandLine cli = Main.commandLine();
        cli.parseArgs("bench", "--seed", "7", "--registry-port", "18081", "--records", "4000");
        BenchCommand bench = cli.getSubcommands().get("bench").getCommand();
        var settings = bench.settings();
        assertEquals(7, settings.seed());
        assertEquals(18081, settings.registryPort());
        assertEquals(4000, settings.drainRecords());
    }

    @Test
    void theConnectedWorkloadDrainsMoreThanOneHorizonOfItsFleetByDefault() {
        CommandLine cli = Main.commandLine();
        cli.parseArgs("bench", "--workload", "connected", "--connected-vehicles", "50000");
        BenchCommand bench = cli.getSubcommands().get("bench").getCommand();
        assertEquals(500_000, bench.settings().drainRecords(), "ten reports per vehicle: 5 minutes of event time");

        CommandLine city = Main.commandLine();
        city.parseArgs("bench");
        assertEquals(
                300_000,
                city.getSubcommands()
                        .get("bench")
                        .<BenchCommand>getCommand()
                        .settings()
                        .drainRecords());
    }

    @Test
    void benchWithoutTheLadderHasNoRatesAndRefusesRatesGivenWithIt() {
        CommandLine cli = Main.commandLine();
        cli.parseArgs("bench", "--no-ladder", "--records", "4000");
        BenchCommand bench = cli.getSubcommands().get("bench").getCommand();
        assertEquals(List.of(), bench.settings().rates(), "no fixed-rate phase");

        CommandLine both = Main.commandLine();
        both.parseArgs("bench", "--no-ladder", "--rates", "500");
        BenchCommand refused = both.getSubcommands().get("bench").getCommand();
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, refused::settings);
        assertTrue(e.getMessage().contains("leave out --rates"), e.getMessage());
    }

    @Test
    void everySettingIsReachableAsAFlagOfSomeCommand() {
        CommandLine cli = Main.commandLine();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            boolean found = cli.getSubcommands().values().stream()
                    .anyMatch(sub -> sub.getCommandSpec().findOption(key.flag()) != null);
            assertTrue(found, key.name() + " has no command that accepts " + key.flag());
        }
    }

    @Test
    void anInvalidSettingFailsAtStartUpWithExitCode2AndSaysWhatToFix() {
        Result result = run("register-schemas", "--schema-registry-url", "registry:8081");
        assertEquals(2, result.exitCode());
        assertTrue(
                result.err().contains("schema.registry.url = 'registry:8081' (from flag --schema-registry-url)"),
                result.err());
        assertTrue(result.err().contains("expected e.g. http://localhost:8081"), result.err());
        assertTrue(!result.err().contains("\tat "), "no stack trace: " + result.err());
    }

    @Test
    void anUnreachableRegistryIsOneClearLine() {
        Result result = run(
                "register-schemas",
                "--schema-registry-url",
                "http://127.0.0.1:" + io.roadmirror.runtime.Ports.findFree(),
                "--schema-registry-timeout",
                "1s");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("cannot reach the schema registry"), result.err());
        assertTrue(!result.err().contains("\tat "), "no stack trace: " + result.err());
    }
}
