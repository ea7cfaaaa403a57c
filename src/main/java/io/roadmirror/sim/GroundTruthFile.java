package io.roadmirror.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the ground truth as JSON lines: {@code {"type":"speed","segmentId":..,"minute":..,"speedKph":..}}
 * per segment and minute, {@code {"type":"incident",..}} per true incident with its start and end.
 * Written anew at each start: a restarted demo replays its day from the start ({@link SimulatorResume}),
 * so the file is whole again, even when the earlier run was killed before it flushed.
 */
public final class GroundTruthFile implements GroundTruth, AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final BufferedWriter out;
    private final Path file;

    public GroundTruthFile(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ground truth to " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void speed(String segmentId, long minuteStart, double speedKph) {
        ObjectNode line = json.createObjectNode()
                .put("type", "speed")
                .put("segmentId", segmentId)
                .put("minute", minuteStart)
                .put("speedKph", Math.round(speedKph * 10) / 10.0);
        write(line);
    }

    @Override
    public synchronized void incident(TrueIncident incident) {
        ObjectNode line = json.createObjectNode()
                .put("type", "incident")
                .put("incidentId", incident.incidentId())
                .put("segmentId", incident.segmentId())
                .put("incidentType", incident.type().name())
                .put("severity", incident.severity())
                .put("start", incident.start())
                .put("end", incident.end())
                .put(
                        "reportedBy",
                        incident.reportedBy() == null
                                ? null
                                : incident.reportedBy().name());
        write(line);
    }

    private void write(ObjectNode line) {
        try {
            out.write(line.toString());
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ground truth to " + file, e);
        }
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
