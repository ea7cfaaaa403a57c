package io.roadmirror.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(20)
class AclsCommandTest {
    record Result(int exitCode, String out, String err) {
        List<String> commands() {
            return Arrays.stream(out.split("\n"))
                    .filter(l -> l.startsWith("kafka-acls "))
                    .toList();
        }
    }

    static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void printsOneKafkaAclsCommandPerBindingWithTheConfiguredBootstrap() {
        Result r =
                run("acls", "--role", "gateway", "--principal", "User:gw-7", "--bootstrap-servers", "k1:9093,k2:9093");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(5, r.commands().size(), r.out());
        assertTrue(
                r.commands()
                        .contains(
                                "kafka-acls --bootstrap-server k1:9093,k2:9093 --command-config admin.properties --add "
                                        + "--allow-principal User:gw-7 --allow-host '*' --operation Write --topic sensor.readings"),
                r.out());
        assertTrue(r.out().startsWith("# role gateway"), "a comment says what follows: " + r.out());
    }

    @Test
    void thePipelinesApplicationIdComesFromTheFlagOrTheConfiguration() {
        Result flag = run("acls", "--role", "PIPELINE", "--principal", "User:p", "--application-id", "west");
        assertTrue(flag.out().contains("--group west"), flag.out());
        Result fallback = run("acls", "--role", "pipeline", "--principal", "User:p");
        assertTrue(
                fallback.out().contains("--group roadmirror")
                        && fallback.out().contains("--transactional-id roadmirror "),
                fallback.out());
    }

    @Test
    void aWrongRoleOrPrincipalIsAConfigurationErrorSayingWhatToWrite() {
        Result role = run("acls", "--role", "admin", "--principal", "User:x");
        assertEquals(2, role.exitCode());
        assertTrue(role.err().contains("gateway, loader, pipeline, subscriber, router"), role.err());
        Result principal = run("acls", "--role", "loader", "--principal", "loader");
        assertEquals(2, principal.exitCode());
        assertTrue(principal.err().contains("User:NAME"), principal.err());
    }
}
