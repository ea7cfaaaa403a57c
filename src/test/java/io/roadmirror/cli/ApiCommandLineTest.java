package io.roadmirror.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The query API's settings on the command line of the commands that serve it. */
class ApiCommandLineTest {
    @Test
    void demoAndRunTakeTheApiSettings() {
        for (String command : new String[] {"demo", "run"}) {
            StringWriter out = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out));
            assertEquals(0, cli.execute(command, "--help"));
            for (String flag : new String[] {"--api-port", "--api-host", "--application-server"}) {
                assertTrue(out.toString().contains(flag), command + " takes " + flag);
            }
        }
    }

    @Test
    void aTakenApiPortIsOneLineNamingThePortAndTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err));
            int code = cli.execute("run", "--api-port", Integer.toString(taken.getLocalPort()));
            assertEquals(1, code);
            assertTrue(
                    err.toString().contains("Port " + taken.getLocalPort() + " (query API) is already in use")
                            && err.toString().contains("--api-port"),
                    err.toString());
            assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
        }
    }
}
