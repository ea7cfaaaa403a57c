package io.roadmirror.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roadmirror.network.GridNetwork;
import io.roadmirror.topics.TopicCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark end to end with tiny sizes, on a real broker and registry: not how fast anything
 * is, but that every phase ran and the report adds up — counts match, every marker reading was
 * matched to its mirror update and advisory, percentiles are ordered, and the JSON and the plot
 * are written.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BenchmarkIT {
    @TempDir
    Path out;

    @Test
    void tinyRunGivesACompleteSelfConsistentReport() throws Exception {
        // Tiny: a cold pipeline's speed is not what this checks (the warm-ups only have to exist).
        BenchSettings settings = new BenchSettings(
                5_000,
                2_000,
                500,
                0,
                List.of("exactly_once_v2"),
                List.of(), // no fixed rates: the connected run below has the ladder
                200,
                Duration.ofSeconds(1),
                Duration.ofSeconds(3),
                1,
                200,
                1,
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                List.of(),
                false,
                out,
                0,
                7);
        StringWriter terminal = new StringWriter();
        BenchReport report = new Benchmark(settings, new PrintWriter(terminal), false).run();

        assertEquals(5_000, report.baseline().records());
        assertTrue(report.baseline().recordsPerSecond() > 0);

        assertEquals(1, report.fullSpeed().size());
        DrainPhase.Result drain = report.fullSpeed().get(0).result();
        assertEquals(2_000, drain.records());
        assertEquals(
                2_000,
                drain.inputByTopic().values().stream()
                        .mapToLong(Long::longValue)
                        .sum(),
                "the mix adds up to N");
        assertTrue(drain.inputByTopic().get(TopicCatalog.SENSOR_READINGS.name()) > 0);
        assertEquals(0, drain.outputs().get(TopicCatalog.DEAD_LETTERS.name()), "the workload is all valid input");
        assertTrue(drain.outputs().get(TopicCatalog.MIRROR_SEGMENTS.name()) > 0);
        long readingsAndPositions = drain.inputByTopic().get(TopicCatalog.SENSOR_READINGS.name())
                + drain.inputByTopic().get(TopicCatalog.VEHICLE_POSITIONS.name());
        assertTrue(
                drain.internal().getOrDefault("segment-inputs-repartition", 0L) >= readingsAndPositions,
                "every reading and position crosses the segment repartition: " + drain.internal());
        assertTrue(drain.memory().peakRssBytes() != 0 && drain.memory().peakHeapBytes() > 0);

        assertNull(report.fixedRates(), "--no-ladder: no fixed-rate phase");

        MemoryPhase.Result memory = report.memory();
        assertEquals(GridNetwork.withAbout(200).size(), memory.segments());
        assertTrue(memory.sensors() > 0 && memory.records() > memory.sensors(), "every sensor reported");
        assertTrue(memory.stateBytes() > 0);
        assertEquals(
                memory.stateBytes(),
                memory.stateBytesByStore().values().stream()
                        .mapToLong(Long::longValue)
                        .sum());
        assertTrue(
                memory.stateBytesByStore().containsKey("mirror-store"),
                memory.stateBytesByStore().toString());
        assertTrue(memory.changelogBytes() > 0);

        JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        for (String field : List.of("machine", "baseline", "fullSpeed", "memory", "targets")) {
            assertNotNull(json.get(field), field);
        }
        assertTrue(json.get("fixedRates") == null || json.get("fixedRates").isNull(), "no ladder reported");
        assertTrue(Files.notExists(out.resolve("latency.svg")), "no latency plot without a ladder");
        String table = Benchmark.table(report);
        assertTrue(table.contains("Raw broker baseline") && !table.contains("highest rate sustained"), table);
        assertTrue(terminal.toString().contains("1/4 Raw broker baseline"), terminal.toString());
        assertTrue(terminal.toString().contains("3/4 Pipeline at fixed rates: not run"), terminal.toString());
    }

    /**
     * The connected workload end to end, tiny: the Streams floor drained beside the pipeline, crashes completed on the
     * ladder and every one of them detected and timed, and CPU per record at two densities.
     */
    @Test
    void tinyConnectedRunMeasuresTheFloorCrashDetectionAndDensity() throws Exception {
        // Crashes sparse enough (10 miles, one every 20 s) that no two meet within the detector's 10 m and merge into
        // one incident.
        BenchSettings.Connected sizes = new BenchSettings.Connected(
                500,
                10,
                Duration.ofSeconds(20),
                Duration.ofMinutes(3),
                100,
                List.of(2, 20),
                300,
                Duration.ofSeconds(3));
        BenchSettings settings = new BenchSettings(
                5_000,
                3_000,
                300,
                0,
                List.of("exactly_once_v2"),
                List.of(500),
                500,
                Duration.ofSeconds(1),
                Duration.ofSeconds(8),
                1,
                0,
                1,
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                List.of(),
                false,
                out,
                0,
                7,
                BenchSettings.CONNECTED,
                sizes);
        StringWriter terminal = new StringWriter();
        BenchReport report = new Benchmark(settings, new PrintWriter(terminal), false).run();

        assertEquals(5_000, report.baseline().records());
        DrainPhase.Result drain = report.fullSpeed().get(0).result();
        assertEquals(Map.of(TopicCatalog.VEHICLE_POSITIONS.name(), 3_000L), drain.inputByTopic(), "positions only");
        assertEquals(0, drain.outputs().get(TopicCatalog.DEAD_LETTERS.name()), "the workload is all valid input");
        assertTrue(drain.outputs().get(TopicCatalog.MIRROR_SEGMENTS.name()) > 0);
        assertTrue(
                drain.internal().getOrDefault("segment-inputs-repartition", 0L) >= 3_000,
                "every position crosses the segment repartition: " + drain.internal());
        assertTrue(
                drain.internal().getOrDefault("vehicle-track-store-changelog", 0L) > 0,
                "each position changes its vehicle's track: " + drain.internal());
        BenchReport.Connected connected = report.connected();
        assertEquals(1, connected.floors().size());
        DrainPhase.Result floor = connected.floors().get(0).result();
        assertEquals(3_000, floor.records());
        assertTrue(floor.recordsPerSecond() > 0 && floor.cpuMsPer1000() > 0);
        assertEquals(
                Math.round(1000.0 * drain.recordsPerSecond() / floor.recordsPerSecond()) / 10.0,
                report.fullSpeed().get(0).percentOfFloor());

        List<LatencyPhase.Step> steps = report.fixedRates().steps();
        assertTrue(steps.stream().allMatch(s -> s.targetRate() == 500), "the ladder stops at --max-rate");
        assertEquals(
                steps.get(0).sustained() ? 1 : 2, steps.size(), "a rate that misses is run once more, and only once");
        LatencyPhase.Step step = steps.get(steps.size() - 1);
        assertEquals(
                step.sustained() ? Integer.valueOf(500) : null,
                report.fixedRates().highestSustainedRate(),
                step.verdict());
        assertTrue(step.crashesCompleted() > 0, step.verdict());
        assertEquals(
                step.crashesCompleted(),
                step.crashesDetected(),
                "every crash the generator completed is detected: " + step.verdict());
        assertEquals(0, step.crashesUnexpected(), step.verdict());
        LatencyPhase.Percentiles crash = step.crash();
        assertEquals(step.crashesDetected(), crash.samples());
        assertTrue(
                0 < crash.p50Ms()
                        && crash.p50Ms() <= crash.p95Ms()
                        && crash.p95Ms() <= crash.p99Ms()
                        && crash.p99Ms() <= crash.maxMs(),
                crash.toString());
        assertEquals(step.measured(), step.mirror().samples(), "the marker roads work beside the expressway");
        assertEquals(0, step.unmatched(), step.verdict());
        assertTrue(step.measured() > 0 && step.measured() <= step.markers() && step.markers() < step.sent());
        assertEquals(step.measured(), step.advisory().samples(), "one advisory per marker transition");
        for (LatencyPhase.Percentiles p : List.of(step.mirror(), step.advisory())) {
            assertTrue(
                    0 < p.p50Ms() && p.p50Ms() <= p.p95Ms() && p.p95Ms() <= p.p99Ms() && p.p99Ms() <= p.maxMs(),
                    p.toString());
        }

        DensityPhase.Result density = connected.density();
        assertEquals(
                List.of(2, 20),
                density.rows().stream().map(DensityPhase.Row::density).toList());
        for (DensityPhase.Row row : density.rows()) {
            assertEquals(100 / row.density(), row.segments());
            assertTrue(row.records() > 0 && row.cpuMicrosPerRecord() > 0, row.toString());
        }
        assertEquals(DensityPhase.ratio(density.rows()), density.ratio());

        JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        assertEquals("connected", json.get("workload").asText());
        for (String field : List.of(
                "/connected/floors/0/percentOfBaseline",
                "/connected/density/ratio",
                "/connected/targets",
                "/fixedRates/steps/0/crash/p99Ms",
                "/fullSpeed/0/percentOfFloor")) {
            assertTrue(!json.at(field).isMissingNode(), field);
        }
        assertEquals(steps.size(), json.at("/fixedRates/steps").size(), "every run of the ladder, a retried rate too");
        assertEquals(
                step.mirror().p99Ms(),
                json.at("/fixedRates/steps/" + (steps.size() - 1) + "/mirror/p99Ms")
                        .asDouble());
        String svg = Files.readString(out.resolve("latency.svg"));
        assertTrue(svg.startsWith("<svg")
                && svg.contains("<polyline")
                && svg.trim().endsWith("</svg>"));
        String table = Benchmark.table(report);
        assertTrue(
                table.contains("floor eos")
                        && table.contains("crash report -> DETECTED")
                        && table.contains("CPU per record by density")
                        && table.contains("Targets (issue 10"),
                table);
    }
}
