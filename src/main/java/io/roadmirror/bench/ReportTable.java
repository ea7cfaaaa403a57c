package io.roadmirror.bench;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The report as a person reads it on the terminal (and as the README quotes it). */
final class ReportTable {
    private ReportTable() {}

    static String render(BenchReport r) {
        StringBuilder out = new StringBuilder();
        BenchReport.Machine m = r.machine();
        line(
                out,
                "roadmirror bench: %d cores, %s, %s; load average %.2f at the start; %.1f min",
                m.cores(),
                Units.bytes(m.memoryBytes()),
                m.java(),
                m.loadAverageAtStart(),
                r.minutes());
        line(
                out,
                "network: %s; %d partitions per topic",
                describe(r.sizes().network()),
                r.sizes().partitions());
        out.append('\n');
        BaselinePhase.Result b = r.baseline();
        if (b != null) {
            line(
                    out,
                    "Raw broker baseline: %,d %s (%s of Avro) produced and consumed back (read_committed) in %.2f s: %,.0f records/s",
                    b.records(),
                    r.connected() != null ? "positions" : "readings",
                    Units.bytes(b.bytes()),
                    b.seconds(),
                    b.recordsPerSecond());
        }
        if (!r.fullSpeed().isEmpty()) {
            out.append('\n');
            line(out, "Pipeline at full speed (warm, all topologies; input written as fast as the broker takes it):");
            line(
                    out,
                    "  %-16s %10s %9s %12s %11s %14s  %-10s %-10s %-10s  %s",
                    "guarantee",
                    "records",
                    "seconds",
                    "records/s",
                    "% baseline",
                    "CPU ms/1000",
                    "peak RSS",
                    "peak heap",
                    "live heap",
                    "outputs");
            for (BenchReport.Drain d : r.fullSpeed()) {
                drainRow(out, d.result().guarantee(), d);
            }
            if (r.connected() != null) {
                for (BenchReport.Drain d : r.connected().floors()) {
                    drainRow(out, "floor " + Benchmark.shortName(d.result().guarantee()), d);
                }
                line(
                        out,
                        "  pipeline as a share of the Streams floor (read, repartition by segment, count per segment, write; same guarantee): %s",
                        r.fullSpeed().stream()
                                .map(d -> String.format(
                                        Locale.ROOT,
                                        "%s %s",
                                        d.result().guarantee(),
                                        d.percentOfFloor() == null
                                                ? "not measured"
                                                : String.format(Locale.ROOT, "%.1f %%", d.percentOfFloor())))
                                .collect(Collectors.joining(", ")));
            }
            line(out, "  input mix: %s", counts(r.fullSpeed().get(0).result().inputByTopic()));
            line(
                    out,
                    "  records written to the application's own topics per input record (end offsets moved;"
                            + " exactly-once commit markers included):");
            r.fullSpeed().forEach(d -> internalWrites(out, d.result().guarantee(), d.result()));
            if (r.connected() != null) {
                r.connected()
                        .floors()
                        .forEach(d -> internalWrites(
                                out, "floor " + Benchmark.shortName(d.result().guarantee()), d.result()));
            }
        }
        BenchReport.Ladder ladder = r.fixedRates();
        if (ladder != null) {
            out.append('\n');
            line(
                    out,
                    "Pipeline at fixed rates (%s) on a %s + %d marker roads, warm:",
                    ladder.guarantee(),
                    describe(ladder.network()),
                    r.sizes().markerRoads());
            if (r.connected() != null) {
                line(
                        out,
                        "  a crash every %.0f s of event time, its two vehicles stopped for %.0f s; latency in ms, to a read_committed subscriber",
                        r.connected().crashEverySeconds(),
                        r.connected().crashStopSeconds());
                crashTable(out, ladder);
            } else {
                line(
                        out,
                        "  end-to-end latency in ms, from the send of a reading to its effect being visible to a read_committed subscriber");
                line(
                        out,
                        "  %9s %9s %6s | %-31s | %-31s | %11s | %s",
                        "events/s",
                        "achieved",
                        "clock",
                        "reading -> mirror update",
                        "transition -> advisory",
                        "pipeline",
                        "");
                line(
                        out,
                        "  %9s %9s %6s | %6s %6s %6s %7s %3s| %6s %6s %6s %7s %3s| %11s | %s",
                        "",
                        "",
                        "",
                        "p50",
                        "p95",
                        "p99",
                        "max",
                        "",
                        "p50",
                        "p95",
                        "p99",
                        "max",
                        "",
                        "CPU ms/1000",
                        "verdict");
                for (LatencyPhase.Step s : ladder.steps()) {
                    line(
                            out,
                            "  %,9d %,9.0f %5.0fx | %6.0f %6.0f %6.0f %7.0f %3s| %6.0f %6.0f %6.0f %7.0f %3s| %11.0f | %s",
                            s.targetRate(),
                            s.achievedRate(),
                            s.eventTimeSpeedup(),
                            s.mirror().p50Ms(),
                            s.mirror().p95Ms(),
                            s.mirror().p99Ms(),
                            s.mirror().maxMs(),
                            "",
                            s.advisory().p50Ms(),
                            s.advisory().p95Ms(),
                            s.advisory().p99Ms(),
                            s.advisory().maxMs(),
                            "",
                            s.cpuMsPer1000(),
                            s.sustained()
                                    ? "sustained"
                                    : "NOT sustained: " + s.verdict().replace("NOT SUSTAINED: ", ""));
                }
            }
            line(
                    out,
                    "  highest rate sustained with p99 < %d s: %s; pipeline peak RSS %s, peak heap %s, live heap at the end %s",
                    r.connected() != null
                            ? LatencyPhase.CONNECTED_P99_LIMIT.toSeconds()
                            : LatencyPhase.P99_LIMIT.toSeconds(),
                    ladder.highestSustainedRate() == null
                            ? "none"
                            : String.format("%,d events/s", ladder.highestSustainedRate()),
                    Units.bytes(ladder.memory().peakRssBytes()),
                    Units.bytes(ladder.memory().peakHeapBytes()),
                    Units.bytes(ladder.memory().liveHeapBytesAtEnd()));
        }
        MemoryPhase.Result mem = r.memory();
        if (mem != null) {
            out.append('\n');
            line(
                    out,
                    "Memory at scale: generated grid of %,d segments, %,d sensors, %,d probe vehicles; %,d records drained in %.1f s (%,.0f/s)",
                    mem.segments(),
                    mem.sensors(),
                    mem.vehicles(),
                    mem.records(),
                    mem.drainSeconds(),
                    mem.recordsPerSecond());
            line(
                    out,
                    "  pipeline process: peak RSS %s, peak heap %s, live heap at the end (after a full GC) %s = %s per 1,000 segments",
                    Units.bytes(mem.memory().peakRssBytes()),
                    Units.bytes(mem.memory().peakHeapBytes()),
                    Units.bytes(mem.memory().liveHeapBytesAtEnd()),
                    Units.bytes(mem.memory().liveHeapBytesAtEnd() * 1000 / mem.segments()));
            line(
                    out,
                    "  state stores on disk: %s = %s per 1,000 segments = %s per 100,000 sensors",
                    Units.bytes(mem.stateBytes()),
                    Units.bytes((long) mem.stateBytesPer1000Segments()),
                    Units.bytes((long) mem.stateBytesPer100kSensors()));
            line(
                    out,
                    "    by store: %s",
                    mem.stateBytesByStore().entrySet().stream()
                            .filter(e -> e.getValue() > 0)
                            .map(e -> e.getKey() + " " + Units.bytes(e.getValue()))
                            .collect(Collectors.joining(", ")));
            line(
                    out,
                    "  changelog topics: %s = %s per 1,000 segments = %s per 100,000 sensors",
                    Units.bytes(mem.changelogBytes()),
                    Units.bytes((long) mem.changelogBytesPer1000Segments()),
                    Units.bytes((long) mem.changelogBytesPer100kSensors()));
        }
        if (r.connected() != null) {
            density(out, r.connected().density());
            connectedTargets(out, r.connected().targets());
            return out.toString();
        }
        BenchReport.Targets t = r.targets();
        out.append('\n');
        line(
                out,
                "Targets: exactly_once_v2 >= %.0f %% of the baseline: %s",
                BenchReport.Targets.THROUGHPUT_PERCENT,
                t.eosPercentOfBaseline() == null
                        ? "not measured"
                        : String.format(
                                Locale.ROOT,
                                "%.1f %% (%s)",
                                t.eosPercentOfBaseline(),
                                t.throughputMet() ? "met" : "MISSED"));
        line(
                out,
                "         p99 <= %.0f ms at %,d events/s: %s",
                BenchReport.Targets.P99_AT_10K_MS,
                BenchReport.Targets.LATENCY_RATE,
                t.p99At10kMs() == null
                        ? "not measured"
                        : String.format(
                                Locale.ROOT, "%.0f ms (%s)", t.p99At10kMs(), t.latencyMet() ? "met" : "MISSED"));
        return out.toString();
    }

    private static void drainRow(StringBuilder out, String label, BenchReport.Drain d) {
        DrainPhase.Result x = d.result();
        line(
                out,
                "  %-16s %,10d %9.1f %,12.0f %10.1f%% %14.0f  %-10s %-10s %-10s  %s",
                label,
                x.records(),
                x.seconds(),
                x.recordsPerSecond(),
                d.percentOfBaseline(),
                x.cpuMsPer1000(),
                Units.bytes(x.memory().peakRssBytes()),
                Units.bytes(x.memory().peakHeapBytes()),
                Units.bytes(x.memory().liveHeapBytesAtEnd()),
                counts(x.outputs()));
    }

    private static void internalWrites(StringBuilder out, String label, DrainPhase.Result x) {
        double total = x.internal().values().stream().mapToLong(Long::longValue).sum() / (double) x.records();
        line(
                out,
                "    %-16s %.2f: %s",
                label,
                total,
                x.internal().entrySet().stream()
                        .filter(e -> e.getValue() * 200 >= x.records()) // at least 0.005 per input record
                        .map(e ->
                                String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / (double) x.records()))
                        .collect(Collectors.joining(", ")));
    }

    /** The connected ladder: mirror latency (marker readings) and crash-detection latency (completing report to DETECTED incident). */
    private static void crashTable(StringBuilder out, BenchReport.Ladder ladder) {
        line(
                out,
                "  %9s %9s %6s | %-31s | %-31s | %-9s | %11s | %s",
                "pos./s",
                "achieved",
                "clock",
                "reading -> mirror update",
                "crash report -> DETECTED",
                "detected",
                "pipeline",
                "");
        line(
                out,
                "  %9s %9s %6s | %6s %6s %6s %7s %3s| %6s %6s %6s %7s %3s| %-9s | %11s | %s",
                "",
                "",
                "",
                "p50",
                "p95",
                "p99",
                "max",
                "",
                "p50",
                "p95",
                "p99",
                "max",
                "",
                "of done",
                "CPU ms/1000",
                "verdict");
        for (LatencyPhase.Step s : ladder.steps()) {
            LatencyPhase.Percentiles c = s.crash() == null ? new LatencyPhase.Percentiles(0, 0, 0, 0, 0, 0) : s.crash();
            line(
                    out,
                    "  %,9d %,9.0f %5.0fx | %6.0f %6.0f %6.0f %7.0f %3s| %6.0f %6.0f %6.0f %7.0f %3s| %9s | %11.0f | %s",
                    s.targetRate(),
                    s.achievedRate(),
                    s.eventTimeSpeedup(),
                    s.mirror().p50Ms(),
                    s.mirror().p95Ms(),
                    s.mirror().p99Ms(),
                    s.mirror().maxMs(),
                    "",
                    c.p50Ms(),
                    c.p95Ms(),
                    c.p99Ms(),
                    c.maxMs(),
                    "",
                    s.crashesDetected() + " / " + s.crashesCompleted(),
                    s.cpuMsPer1000(),
                    s.sustained()
                            ? "sustained"
                            : "NOT sustained: "
                                    + s.verdict().replace("NOT SUSTAINED: ", "").replaceAll(";.*", ""));
        }
    }

    private static void density(StringBuilder out, DensityPhase.Result d) {
        if (d == null) {
            return;
        }
        out.append('\n');
        line(
                out,
                "CPU per record by density (%s, %,d positions/s, %.0f s per density after one horizon to fill it, warm):",
                d.guarantee(),
                d.rate(),
                d.stepSeconds());
        line(
                out,
                "  %16s %9s %9s %10s %9s %7s %10s %12s",
                "vehicles/segment",
                "segments",
                "vehicles",
                "positions",
                "achieved",
                "clock",
                "catch-up s",
                "CPU µs/pos.");
        for (DensityPhase.Row row : d.rows()) {
            line(
                    out,
                    "  %,16d %,9d %,9d %,10d %,9.0f %6.1fx %10.1f %12.1f",
                    row.density(),
                    row.segments(),
                    row.vehicles(),
                    row.records(),
                    row.achievedRate(),
                    row.eventTimeSpeedup(),
                    row.catchUpSeconds(),
                    row.cpuMicrosPerRecord());
        }
        line(
                out,
                "  highest over lowest density: %s",
                d.ratio() == null ? "not measured" : String.format(Locale.ROOT, "%.2fx", d.ratio()));
    }

    private static void connectedTargets(StringBuilder out, BenchReport.ConnectedTargets t) {
        out.append('\n');
        line(out, "Targets (issue 10, exactly_once_v2):");
        line(
                out,
                "  20,000 positions/s sustained, crash-detection p99 <= %.0f ms: %s",
                BenchReport.ConnectedTargets.CRASH_P99_MS,
                t.sustainedAt20k() == null
                        ? "not measured"
                        : String.format(
                                Locale.ROOT,
                                "%s, p99 %s (%s)",
                                t.sustainedAt20k() ? "sustained" : "not sustained",
                                t.crashP99At20kMs() == null
                                        ? "none"
                                        : String.format(Locale.ROOT, "%.0f ms", t.crashP99At20kMs()),
                                Boolean.TRUE.equals(t.crashMet()) ? "met" : "MISSED"));
        line(
                out,
                "  full-speed drain >= %,.0f positions/s: %s",
                BenchReport.ConnectedTargets.DRAIN_RATE,
                verdict(t.eosDrainRate(), t.drainMet(), "%,.0f/s"));
        line(
                out,
                "  CPU per record at 2,000 vehicles/segment <= %.1fx that at 2: %s",
                BenchReport.ConnectedTargets.DENSITY_RATIO,
                verdict(t.densityRatio(), t.densityMet(), "%.2fx"));
        line(
                out,
                "  drain >= %.0f %% of the Streams floor: %s",
                BenchReport.ConnectedTargets.FLOOR_PERCENT,
                verdict(t.eosPercentOfFloor(), t.floorMet(), "%.1f %%"));
    }

    private static String verdict(Double value, Boolean met, String format) {
        return value == null
                ? "not measured"
                : String.format(Locale.ROOT, format + " (%s)", value, Boolean.TRUE.equals(met) ? "met" : "MISSED");
    }

    private static String describe(BenchReport.NetworkSize n) {
        return String.format(
                Locale.ROOT,
                "%s (%,d segments, %,d sensors, %,d probe vehicles)",
                n.name(),
                n.segments(),
                n.sensors(),
                n.vehicles());
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
