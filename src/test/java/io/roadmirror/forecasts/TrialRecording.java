package io.roadmirror.forecasts;

import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What a forecast trial ({@link ForecastTrialTest}) fed the forecast rule and what it is judged
 * against, kept in a file so that variants of the rule can be replayed over it in seconds instead of
 * replaying the simulation through the pipeline for tens of minutes: per played segment, the mirror's
 * published states, the event times the pipeline forecast from, and the simulator's truth.
 *
 * <p>The forecast processor sees every mirror update; those not published (an open incident's change
 * that leaves the state as it was) carry the last published state's speed, and only those the
 * pipeline forecast from can change the rule's state (the others are passed over), so the published
 * states plus the forecast times give exactly the sequence of states the rule took in. {@link
 * ForecastTrialTest} checks that the replay of the rule over a run's recording gives that run's table.
 *
 * <p>The file is gzipped text, one line per fact: {@code S segment asOf speed|- congestion
 * openIncidents}, {@code F segment asOf}, {@code T segment minuteStart speedKph*10}.
 */
record TrialRecording(
        Map<String, List<SegmentState>> states,
        Map<String, List<Long>> forecastTimes,
        Map<String, List<long[]>> truth) {

    static void write(
            Path file,
            List<SegmentState> mirror,
            List<SegmentForecast> forecasts,
            Map<String, List<long[]>> truth,
            Set<String> played)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = new BufferedWriter(
                new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8))) {
            for (SegmentState s : mirror) {
                out.write(String.format(
                        Locale.ROOT,
                        "S %s %d %s %s %d%n",
                        s.getSegmentId(),
                        s.getAsOf().toEpochMilli(),
                        s.getSpeedKph() == null ? "-" : Double.toString(s.getSpeedKph()),
                        s.getCongestion(),
                        s.getOpenIncidentIds().size()));
            }
            for (SegmentForecast f : forecasts) {
                out.write("F " + f.getSegmentId() + " " + f.getAsOf().toEpochMilli() + "\n");
            }
            for (Map.Entry<String, List<long[]>> e : new TreeMap<>(truth).entrySet()) {
                if (played.contains(e.getKey())) {
                    for (long[] m : e.getValue()) {
                        out.write("T " + e.getKey() + " " + m[0] + " " + m[1] + "\n");
                    }
                }
            }
        }
    }

    static TrialRecording read(Path file) throws IOException {
        Map<String, List<SegmentState>> states = new HashMap<>();
        Map<String, List<Long>> forecastTimes = new HashMap<>();
        Map<String, List<long[]>> truth = new HashMap<>();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "S" ->
                        states.computeIfAbsent(f[1], k -> new ArrayList<>())
                                .add(SegmentState.newBuilder()
                                        .setSegmentId(f[1])
                                        .setAsOf(Instant.ofEpochMilli(Long.parseLong(f[2])))
                                        .setSpeedKph("-".equals(f[3]) ? null : Double.parseDouble(f[3]))
                                        .setCongestion(CongestionLevel.valueOf(f[4]))
                                        .setTravelTimeSeconds(0)
                                        .setFreeFlowTravelTimeSeconds(0)
                                        .setSensorsReporting(0)
                                        .setProbeVehicles(0)
                                        .setOpenIncidentIds(openIncidents(Integer.parseInt(f[5])))
                                        .build());
                    case "F" ->
                        forecastTimes
                                .computeIfAbsent(f[1], k -> new ArrayList<>())
                                .add(Long.parseLong(f[2]));
                    case "T" ->
                        truth.computeIfAbsent(f[1], k -> new ArrayList<>())
                                .add(new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                    default -> throw new IOException("not a trial recording line: " + line);
                }
            }
        }
        states.values().forEach(l -> l.sort(Comparator.comparing(SegmentState::getAsOf)));
        forecastTimes.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        return new TrialRecording(states, forecastTimes, truth);
    }

    private static List<String> openIncidents(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("open-" + i);
        }
        return ids;
    }

    /** A mirror state as the forecast rule takes it in. */
    record Input(long asOf, Double speedKph, int openIncidents) {}

    /**
     * The states the forecast rule took in for a segment, in event-time order: every published state,
     * and at each time a forecast was made from an update that was not published, the state then held.
     */
    List<Input> inputs(String segmentId) {
        List<SegmentState> published = states.getOrDefault(segmentId, List.of());
        List<Long> forecastAt = forecastTimes.getOrDefault(segmentId, List.of());
        List<Input> inputs = new ArrayList<>();
        int f = 0;
        SegmentState held = null;
        for (int i = 0; i <= published.size(); i++) {
            long next = i < published.size() ? published.get(i).getAsOf().toEpochMilli() : Long.MAX_VALUE;
            for (; f < forecastAt.size() && forecastAt.get(f) < next; f++) {
                if (held != null && forecastAt.get(f) > held.getAsOf().toEpochMilli()) {
                    inputs.add(input(forecastAt.get(f), held));
                }
            }
            if (i < published.size()) {
                held = published.get(i);
                inputs.add(input(next, held));
            }
        }
        return inputs;
    }

    private static Input input(long asOf, SegmentState s) {
        return new Input(
                asOf,
                s.getCongestion() == CongestionLevel.UNKNOWN ? null : s.getSpeedKph(),
                s.getOpenIncidentIds().size());
    }

    /** Every mirror state, as {@link ForecastAccuracy} takes them. */
    List<SegmentState> mirror() {
        return states.values().stream().flatMap(List::stream).toList();
    }

    /**
     * The forecasts the rule makes over this recording, judged as the trial judges them.
     *
     * @return the accuracy table of the replayed forecasts
     */
    ForecastAccuracy.Result replay(RoadNetwork network, ForecastThresholds rules) {
        ForecastAccuracy accuracy = new ForecastAccuracy(truth, mirror());
        for (String segmentId : new TreeMap<>(states).keySet()) {
            Segment segment = network.segment(segmentId).orElseThrow();
            SegmentHistory history = null;
            for (Input in : inputs(segmentId)) {
                var step = Forecaster.step(
                        history,
                        segment,
                        in.asOf(),
                        in.speedKph(),
                        in.openIncidents() > 0,
                        rules,
                        MirrorThresholds.DEFAULTS);
                if (step.isPresent()) {
                    history = step.get().history();
                    accuracy.accept(step.get().forecast().toAvro());
                }
            }
        }
        return accuracy.result();
    }
}
