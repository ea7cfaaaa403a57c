package io.roadmirror.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roadmirror.forecasts.ForecastAccuracy;
import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Judges the mirror against what really happened in the simulation:
 * <ul>
 *   <li>speed error: mean absolute difference between the mirror's speed at the end of each
 *       segment-minute and the true mean speed of that minute (where the mirror knew a speed);</li>
 *   <li>crash detection: detected CRASH incidents (source DETECTED) matched to true crashes on the
 *       same segment while they lasted (or up to 5 minutes after): precision and recall;</li>
 *   <li>time from a true incident's start to the first advisory about its segment (event time);</li>
 *   <li>the share of advisories with a detour whose detour avoided the affected segment;</li>
 *   <li>the forecasts' speed error at each horizon beside persistence and the historical mean ({@link ForecastAccuracy}).</li>
 * </ul>
 * True incidents that started within 10 minutes of the end are left out of recall and advisory
 * timing: the pipeline cannot be judged on what it has not yet had time to see. The end is the
 * run's end, or the newest state the mirror published if that is earlier (a pipeline that fell
 * behind, as an accelerated demo on a busy machine does, is judged on what it had reached; how far
 * behind it fell is a throughput question, which the benchmark answers).
 */
public final class Fidelity {
    static final long MATCH_SLACK_MS = 5 * 60_000;
    static final long SETTLE_MS = 10 * 60_000;

    public record Report(
            int mirrorRecords,
            int hotspotRecords,
            int advisoryRecords,
            long segmentMinutes,
            long segmentMinutesJudged,
            double speedMaeKph,
            int trueCrashes,
            int crashesJudged,
            int detectedCrashes,
            int matchedDetections,
            int crashesFound,
            double precision,
            double recall,
            int incidentsJudged,
            int incidentsAdvised,
            Double medianSecondsToAdvisory,
            Double p95SecondsToAdvisory,
            int advisoriesWithDetour,
            int detoursAvoidingSegment,
            double detourAvoidanceShare,
            ForecastAccuracy.Result forecasts) {

        public String table() {
            StringBuilder t = new StringBuilder();
            t.append("| measure | value |\n|---|---|\n");
            t.append(String.format(
                    Locale.ROOT,
                    "| records published | %,d mirror, %,d hotspot, %,d advisory |%n",
                    mirrorRecords,
                    hotspotRecords,
                    advisoryRecords));
            t.append(String.format(
                    Locale.ROOT,
                    "| mean absolute speed error per segment-minute | %.1f km/h (%,d of %,d segment-minutes judged) |%n",
                    speedMaeKph,
                    segmentMinutesJudged,
                    segmentMinutes));
            t.append(String.format(
                    Locale.ROOT,
                    "| crash detection precision | %.2f (%d of %d detections were real crashes) |%n",
                    precision,
                    matchedDetections,
                    detectedCrashes));
            t.append(String.format(
                    Locale.ROOT,
                    "| crash detection recall | %.2f (%d of %d true crashes detected; %d more started too late to judge) |%n",
                    recall,
                    crashesFound,
                    crashesJudged,
                    trueCrashes - crashesJudged));
            t.append(String.format(
                    Locale.ROOT,
                    "| time from incident start to first advisory, median | %s (%d of %d incidents got one) |%n",
                    seconds(medianSecondsToAdvisory),
                    incidentsAdvised,
                    incidentsJudged));
            t.append(String.format(
                    Locale.ROOT,
                    "| time from incident start to first advisory, p95 | %s |%n",
                    seconds(p95SecondsToAdvisory)));
            t.append(String.format(
                    Locale.ROOT,
                    "| advisories whose detour avoids the affected segment | %.0f %% (%d of %d) |%n",
                    detourAvoidanceShare * 100,
                    detoursAvoidingSegment,
                    advisoriesWithDetour));
            if (forecasts != null) {
                t.append(
                        "\nForecast speed error against the truth (mirror.forecasts; baselines from the same mirror):\n\n");
                t.append(forecasts.table());
            }
            return t.toString();
        }

        private static String seconds(Double s) {
            return s == null ? "n/a" : String.format(Locale.ROOT, "%.0f s", s);
        }

        public String json() {
            ObjectNode node = new ObjectMapper().valueToTree(this);
            return node.toPrettyString();
        }
    }

    /** What the ground-truth file says. */
    public record Truth(Map<String, List<long[]>> speedsBySegment, List<TrueIncident> incidents, long lastMinute) {}

    private Fidelity() {}

    public static Truth readTruth(Path file) {
        Map<String, List<long[]>> speeds = new HashMap<>();
        List<TrueIncident> incidents = new ArrayList<>();
        long lastMinute = 0;
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                if ("speed".equals(n.path("type").asText())) {
                    long minute = n.path("minute").asLong();
                    // speed kept as km/h * 10 to stay in a long[]
                    speeds.computeIfAbsent(n.path("segmentId").asText(), k -> new ArrayList<>())
                            .add(new long[] {
                                minute, Math.round(n.path("speedKph").asDouble() * 10)
                            });
                    lastMinute = Math.max(lastMinute, minute);
                } else if ("incident".equals(n.path("type").asText())) {
                    String by = n.path("reportedBy").isNull()
                            ? null
                            : n.path("reportedBy").asText(null);
                    incidents.add(new TrueIncident(
                            n.path("incidentId").asText(),
                            n.path("segmentId").asText(),
                            IncidentType.valueOf(n.path("incidentType").asText()),
                            n.path("severity").asInt(),
                            n.path("start").asLong(),
                            n.path("end").asLong(),
                            by == null ? null : IncidentSource.valueOf(by),
                            0,
                            0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ground truth " + file, e);
        }
        return new Truth(speeds, incidents, lastMinute);
    }

    public static Report judge(
            Truth truth,
            List<SegmentState> mirror,
            List<IncidentReport> incidentReports,
            List<RoutingAdvisory> advisories,
            int hotspotRecords) {
        return judge(truth, mirror, incidentReports, advisories, hotspotRecords, null);
    }

    /** @param forecasts the forecasts judged ({@link ForecastAccuracy}), or null to leave them out */
    public static Report judge(
            Truth truth,
            List<SegmentState> mirror,
            List<IncidentReport> incidentReports,
            List<RoutingAdvisory> advisories,
            int hotspotRecords,
            ForecastAccuracy.Result forecasts) {
        long runEnd = truth.lastMinute() + 60_000;

        // Speed error per segment-minute.
        Map<String, List<SegmentState>> states = new HashMap<>();
        mirror.forEach(s ->
                states.computeIfAbsent(s.getSegmentId(), k -> new ArrayList<>()).add(s));
        states.values().forEach(list -> list.sort(Comparator.comparing(SegmentState::getAsOf)));
        long minutes = 0;
        long judged = 0;
        double errorSum = 0;
        for (Map.Entry<String, List<long[]>> entry : truth.speedsBySegment().entrySet()) {
            List<SegmentState> history = states.getOrDefault(entry.getKey(), List.of());
            for (long[] minute : entry.getValue()) {
                minutes++;
                SegmentState at = latestAtOrBefore(history, minute[0] + 60_000);
                if (at != null && at.getSpeedKph() != null && at.getCongestion() != CongestionLevel.UNKNOWN) {
                    judged++;
                    errorSum += Math.abs(at.getSpeedKph() - minute[1] / 10.0);
                }
            }
        }

        // Crash detection.
        List<TrueIncident> crashes = truth.incidents().stream()
                .filter(i -> i.type() == IncidentType.CRASH)
                .toList();
        List<IncidentReport> detections = incidentReports.stream()
                .filter(r -> r.getSource() == IncidentSource.DETECTED && r.getStatus() == IncidentStatus.OPEN)
                .collect(Collectors.toMap(IncidentReport::getIncidentId, r -> r, (a, b) -> a))
                .values()
                .stream()
                .toList();
        int matched = 0;
        for (IncidentReport d : detections) {
            long t = d.getEventTime().toEpochMilli();
            if (crashes.stream()
                    .anyMatch(c -> c.segmentId().equals(d.getSegmentId())
                            && t >= c.start()
                            && t <= c.end() + MATCH_SLACK_MS)) {
                matched++;
            }
        }
        long reached = Math.min(
                runEnd,
                mirror.stream().mapToLong(m -> m.getAsOf().toEpochMilli()).max().orElse(runEnd));
        List<TrueIncident> judgedCrashes =
                crashes.stream().filter(c -> c.start() <= reached - SETTLE_MS).toList();
        int found = 0;
        for (TrueIncident c : judgedCrashes) {
            if (detections.stream()
                    .anyMatch(d -> d.getSegmentId().equals(c.segmentId())
                            && d.getEventTime().toEpochMilli() >= c.start()
                            && d.getEventTime().toEpochMilli() <= c.end() + MATCH_SLACK_MS)) {
                found++;
            }
        }

        // Time to the first advisory.
        List<Double> delays = new ArrayList<>();
        List<TrueIncident> judgedIncidents = truth.incidents().stream()
                .filter(i -> i.start() <= reached - SETTLE_MS)
                .toList();
        for (TrueIncident i : judgedIncidents) {
            advisories.stream()
                    .filter(a -> a.getSegmentId().equals(i.segmentId())
                            && a.getKind() != AdvisoryKind.CLEARED
                            && a.getKind() != AdvisoryKind.HOTSPOT)
                    .mapToLong(a -> a.getEventTime().toEpochMilli())
                    .filter(t -> t >= i.start() && t <= i.end())
                    .min()
                    .ifPresent(t -> delays.add((t - i.start()) / 1000.0));
        }
        Collections.sort(delays);

        // Detours.
        List<RoutingAdvisory> withDetour =
                advisories.stream().filter(a -> a.getDetour() != null).toList();
        int avoiding = (int) withDetour.stream()
                .filter(a -> !a.getDetour().getSegmentIds().contains(a.getSegmentId()))
                .count();

        return new Report(
                mirror.size(),
                hotspotRecords,
                advisories.size(),
                minutes,
                judged,
                judged == 0 ? Double.NaN : errorSum / judged,
                crashes.size(),
                judgedCrashes.size(),
                detections.size(),
                matched,
                found,
                detections.isEmpty() ? Double.NaN : (double) matched / detections.size(),
                judgedCrashes.isEmpty() ? Double.NaN : (double) found / judgedCrashes.size(),
                judgedIncidents.size(),
                delays.size(),
                percentile(delays, 0.5),
                percentile(delays, 0.95),
                withDetour.size(),
                avoiding,
                withDetour.isEmpty() ? Double.NaN : (double) avoiding / withDetour.size(),
                forecasts);
    }

    private static SegmentState latestAtOrBefore(List<SegmentState> sorted, long time) {
        int lo = 0;
        int hi = sorted.size() - 1;
        SegmentState found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).getAsOf().toEpochMilli() <= time) {
                found = sorted.get(mid);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    static Double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
