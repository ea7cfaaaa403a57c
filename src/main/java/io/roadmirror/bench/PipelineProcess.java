package io.roadmirror.bench;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import io.roadmirror.config.PipelineSettings;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.ChildJvm;
import io.roadmirror.runtime.StartupException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The pipeline under test in its own JVM, exactly as production runs it ({@code roadmirror run}),
 * so its memory is its own (the broker and the load generator live in the benchmark's JVM) and it
 * can be profiled alone: it always runs with a JFR recording, from which its heap is read after
 * it stops, and with {@code profile} settings the recording samples stacks twice as often.
 */
final class PipelineProcess implements AutoCloseable {
    private static final String RUNNING_LINE = "roadmirror pipeline running";

    private final ChildJvm jvm;
    private final Path recording;
    private final String runningLine;
    private long peakRssBytes = -1;

    private PipelineProcess(ChildJvm jvm, Path recording, String runningLine) {
        this.jvm = jvm;
        this.recording = recording;
        this.runningLine = runningLine;
    }

    /** How a phase starts what it measures: the pipeline, or the Streams floor in its place. */
    @FunctionalInterface
    interface Launcher {
        PipelineProcess start(String phase, FreshCluster cluster, String guarantee, BenchSettings settings);
    }

    static PipelineProcess start(String phase, FreshCluster cluster, String guarantee, BenchSettings settings) {
        List<String> command = new ArrayList<>(List.of(
                "io.roadmirror.cli.Main",
                "run",
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--schema-registry-url",
                cluster.config().registry().urls().get(0).toString(),
                "--application-id",
                cluster.applicationId(),
                "--topic-partitions",
                Integer.toString(settings.partitions()),
                "--topic-replication-factor",
                "1",
                "--processing-guarantee",
                guarantee,
                "--state-dir",
                cluster.stateDir().toString()));
        command.addAll(settings.pipelineFlags());
        return launch("pipeline-" + phase, command, RUNNING_LINE, settings);
    }

    /**
     * The {@link StreamsFloor} in the pipeline's place, with the pipeline's guarantee, stream threads and commit interval
     * (from the pipeline flags given to the bench, else the pipeline's defaults).
     */
    static PipelineProcess startStreamsFloor(
            String phase, FreshCluster cluster, String guarantee, BenchSettings settings) {
        PipelineSettings pipeline = pipelineSettings(settings.pipelineFlags());
        List<String> command = List.of(
                StreamsFloor.class.getName(),
                cluster.bootstrapServers(),
                cluster.config().registry().urls().get(0).toString(),
                cluster.applicationId(),
                guarantee,
                cluster.stateDir().toString(),
                Integer.toString(settings.partitions()),
                Integer.toString(pipeline.streamThreads()),
                Long.toString(pipeline.commitInterval().toMillis()));
        return launch("streams-" + phase, command, StreamsFloor.RUNNING_LINE, settings);
    }

    /** The pipeline settings the given {@code roadmirror run} flags make (defaults for the rest). */
    static PipelineSettings pipelineSettings(List<String> flags) {
        Map<String, String> values = new HashMap<>();
        for (String flag : flags) {
            for (ConfigKey<?> key : ConfigKeys.all()) {
                if (key.flag() != null && flag.startsWith(key.flag() + "=")) {
                    values.put(key.name(), flag.substring(key.flag().length() + 1));
                }
            }
        }
        return RoadmirrorConfig.of(values).pipeline();
    }

    private static PipelineProcess launch(
            String name, List<String> mainAndArgs, String runningLine, BenchSettings settings) {
        Path dir = settings.outputDir().toAbsolutePath();
        Path recording = dir.resolve(name + ".jfr");
        Path log = dir.resolve(name + ".log");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(recording);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new StartupException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        List<String> jvmOptions = new ArrayList<>(settings.pipelineJvmOptions());
        jvmOptions.add("-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true,settings="
                + (settings.profile() ? "profile" : "default"));
        List<String> command = new ArrayList<>(List.of("-cp", absoluteClassPath()));
        command.addAll(mainAndArgs);
        return new PipelineProcess(ChildJvm.start(name, null, jvmOptions, command, dir, log), recording, runningLine);
    }

    /** This JVM's class path with absolute entries, so the child finds it from its own working directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Waits until the pipeline says it is RUNNING; fails with its log's tail if it exits or takes too long. */
    void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logContains(runningLine)) {
            if (!jvm.isAlive()) {
                throw new StartupException(jvm.logFile().getFileName() + " exited while starting; its log ("
                        + jvm.logFile() + ") ends with:\n" + jvm.logTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException(jvm.logFile().getFileName() + " did not report RUNNING within "
                        + timeout.toSeconds() + " s; its log (" + jvm.logFile() + ") ends with:\n" + jvm.logTail(30));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private boolean logContains(String text) {
        try {
            return Files.exists(jvm.logFile())
                    && Files.readString(jvm.logFile()).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    long pid() {
        return jvm.pid();
    }

    /** The process's peak resident set so far (Linux: VmHWM), or -1 where the OS does not tell. */
    long peakRssBytes() {
        OptionalLong hwm = ProcStatus.kilobytes(jvm.pid(), "VmHWM");
        if (hwm.isPresent()) {
            peakRssBytes = Math.max(peakRssBytes, hwm.getAsLong() * 1024);
        }
        return peakRssBytes;
    }

    /**
     * The heap the pipeline really holds right now: the total of a class histogram, which jcmd takes after a full
     * collection (JFR's heap after a young collection still counts old garbage). -1 without jcmd (a JRE).
     */
    long liveHeapBytes() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            for (String line : lines) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 3 && fields[0].equals("Total")) {
                    return Long.parseLong(fields[2]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** CPU time the pipeline process has used so far, in ms; -1 where the OS does not tell. */
    long cpuMillis() {
        return ProcStatus.cpuMillis(jvm.pid()).orElse(-1);
    }

    /** Stops the pipeline (SIGTERM: it closes Kafka Streams and writes its recording) and reads what it recorded. */
    JvmRecording.Summary stop() {
        peakRssBytes();
        jvm.close();
        return Files.exists(recording) ? JvmRecording.read(recording) : JvmRecording.Summary.EMPTY;
    }

    Path logFile() {
        return jvm.logFile();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
