package io.roadmirror.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roadmirror.runtime.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The user's first contact, end to end: `roadmirror demo` with broker, registry, pipeline and
 * simulator, accelerated, judged against the simulator's ground truth.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DemoIT {
    /**
     * Crashes the detector must find, of those the mirror had reached (the 1x fidelity run finds 1.00).
     * At 180x a wall second is three simulated minutes, so on a busy machine a gateway's retried send
     * arrives LATE and a crash car's reports can be lost with it: 0.52 was seen with the machine's two
     * cores shared by four builds, with 49,000 LATE dead letters.
     */
    static final double MIN_RECALL = 0.5;

    @Test
    void anAcceleratedDemoPublishesMirrorHotspotsAndAdvisoriesAndFindsTheCrashes() throws Exception {
        Path report = Path.of("target", "demo-it-fidelity.json");
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(
                "demo",
                "--broker-port",
                String.valueOf(Ports.findFree()),
                "--controller-port",
                String.valueOf(Ports.findFree()),
                "--registry-port",
                String.valueOf(Ports.findFree()),
                "--api-port",
                String.valueOf(Ports.findFree()),
                "--topic-partitions",
                "2",
                "--speedup",
                "180",
                "--vehicles",
                "60",
                "--incidents-per-hour",
                "12",
                "--seed",
                "7",
                "--duration",
                "90s",
                "--report",
                report.toString());

        String text = out.toString();
        assertEquals(0, exit, text);
        assertTrue(text.contains("roadmirror demo is up"), text);
        assertTrue(text.contains("What the mirror knows: 216 segments"), text);
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertTrue(r.path("mirrorRecords").asInt() > 500, "mirror records: " + r);
        assertTrue(r.path("hotspotRecords").asInt() > 0, "hotspot records: " + r);
        assertTrue(r.path("advisoryRecords").asInt() > 0, "advisories: " + r);
        assertTrue(r.path("crashesJudged").asInt() > 0, "some crashes to judge: " + r);
        assertTrue(r.path("recall").asDouble() >= MIN_RECALL, "crash detection recall: " + r);
        assertEquals(1.0, r.path("detourAvoidanceShare").asDouble(), "every detour avoids its segment: " + r);
        assertTrue(r.path("speedMaeKph").asDouble() < 10, "speed error: " + r);
    }
}
