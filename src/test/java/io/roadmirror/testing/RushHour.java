package io.roadmirror.testing;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SensorReading;
import io.roadmirror.network.GeoPoint;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.network.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic morning rush on the sample city, for tests that look at the whole map: the
 * closer to the centre and the more a road leads into it, the slower; a few segments report
 * nothing; a crash downtown, roadworks, and a ramp with three minor incidents (a hotspot).
 */
public final class RushHour {
    public static final String CRASH_SEGMENT = "N0203-N0303";
    public static final String ROADWORK_SEGMENT = "N0405-N0404";
    public static final String HOTSPOT_SEGMENT = "N0306-R00";
    private static final double CENTRE_RADIUS_METERS = 1100;

    private RushHour() {}

    /** One reading per reporting segment, spread over the first 20 s after {@code start}. */
    public static List<SensorReading> readings(RoadNetwork network, Instant start) {
        Random random = new Random(8_15L);
        List<SensorReading> readings = new ArrayList<>();
        for (Segment s : network.segments()) {
            double noise = random.nextDouble();
            if (noise < 0.05) {
                continue; // a sensor that is down: the segment stays UNKNOWN
            }
            double load = load(s) + (random.nextDouble() - 0.5) * 0.3;
            double ratio = Math.max(0.08, Math.min(1.0, 1.08 - load));
            double speed = Math.round(s.speedLimitKph() * ratio * 10) / 10.0;
            int vehicles = 6 + random.nextInt(20);
            double occupancy = Math.round(Math.min(95, 6 + 70 * Math.max(0, load)) * 10) / 10.0;
            readings.add(new SensorReading(
                    "loop-" + s.id(),
                    "gw-" + s.fromNode(),
                    s.id(),
                    start.plusMillis(random.nextInt(20_000)),
                    speed,
                    vehicles,
                    occupancy,
                    30));
        }
        return readings;
    }

    /** The incidents of the morning, between 25 and 40 s after {@code start}. */
    public static List<IncidentReport> incidents(Instant start) {
        List<IncidentReport> incidents = new ArrayList<>();
        incidents.add(TestRecords.open("crash-1", CRASH_SEGMENT, start.plusSeconds(25), IncidentType.CRASH, 4));
        incidents.add(TestRecords.open("works-1", ROADWORK_SEGMENT, start.plusSeconds(27), IncidentType.ROADWORK, 2));
        for (int i = 1; i <= 3; i++) {
            incidents.add(TestRecords.open(
                    "ramp-" + i, HOTSPOT_SEGMENT, start.plusSeconds(30 + 3 * i), IncidentType.HAZARD, 1));
        }
        return incidents;
    }

    /** Rush-hour load: heavier near the centre, on arterials and ramps, and on roads leading inwards. */
    private static double load(Segment s) {
        GeoPoint from = s.geometry().get(0);
        GeoPoint to = s.geometry().get(s.geometry().size() - 1);
        double distance =
                SampleCity.ORIGIN.distanceTo(new GeoPoint((from.lat() + to.lat()) / 2, (from.lon() + to.lon()) / 2));
        double centre = Math.exp(-Math.pow(distance / CENTRE_RADIUS_METERS, 2));
        boolean inbound = SampleCity.ORIGIN.distanceTo(to) < SampleCity.ORIGIN.distanceTo(from) - 50;
        double base = s.speedLimitKph() >= 100 ? 0.3 : s.speedLimitKph() >= 60 ? 0.35 : s.lanes() > 1 ? 0.3 : 0.15;
        return base + 0.55 * centre + (inbound ? 0.25 : 0);
    }
}
