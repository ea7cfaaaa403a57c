package io.roadmirror.testing;

import static io.roadmirror.testing.TestRecords.open;
import static io.roadmirror.testing.TestRecords.position;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * One seeded recording of gateway input on {@link TestNetworks#triangle()}, in event-time order:
 * sensor readings (A-B slowing to congestion), probe vehicles driving Z-Y → A-B, two vehicles
 * stopping at one position of B-E (a detected crash, cleared when they drive on), an operator crash
 * on A-G (opened, cleared) and three hazards on D-A (a hotspot). It ends with a reading on every
 * segment at {@link #END}, so every segment has a state at or after the end once the mirror is done.
 */
public final class RecordedInput {
    /** Seconds after {@link TestRecords#T0} of the last records. */
    public static final long END = 170;

    public static final String CRASH_SEGMENT = "B-E";

    /** One record as a gateway sent it. */
    public record Entry(String topic, String key, SpecificRecord value, long eventTimeMs) {}

    private RecordedInput() {}

    public static List<Entry> seeded(long seed) {
        Random random = new Random(seed);
        List<Entry> entries = new ArrayList<>();
        sensors(entries);
        probes(entries, random);
        crash(entries);
        incidents(entries);
        for (var segment : TestNetworks.triangle().segments()) {
            add(entries, reading("end-" + segment.id(), segment.id(), sec(END), 33.0));
        }
        entries.sort(Comparator.comparingLong(Entry::eventTimeMs)); // stable: same-time records keep their order
        return List.copyOf(entries);
    }

    private static void sensors(List<Entry> entries) {
        double[] mainStreet = {45, 40, 30, 20, 12, 10};
        for (int i = 0; i < mainStreet.length; i++) {
            add(entries, reading("s-ab", "A-B", sec(30L * i), mainStreet[i]));
            for (String seg : List.of("A-C", "C-B", "A-G", "G-B", "D-A")) {
                add(entries, reading("s-" + seg.toLowerCase(), seg, sec(30L * i + 3), 48.0 - i));
            }
        }
    }

    /** Eight vehicles reporting every 5 s along Z-Y, Y-D, D-A, A-B at seeded speeds. */
    private static void probes(List<Entry> entries, Random random) {
        List<String> route = List.of("Z-Y", "Y-D", "D-A", "A-B");
        for (int v = 0; v < 8; v++) {
            double offset = random.nextInt(500);
            int leg = random.nextInt(2);
            for (long t = v; t < END; t += 5) {
                double speed = 20 + random.nextInt(40);
                offset += speed / 3.6 * 5;
                if (offset > 900) {
                    offset = 0;
                    leg = (leg + 1) % route.size();
                }
                add(entries, position("v" + v, route.get(leg), sec(t), speed, Math.round(offset)));
            }
        }
    }

    /** c1 and c2 stop 2 m apart on B-E: at least 4 zero-speed reports each make them stopped, together a crash; they drive on at 120 s. */
    private static void crash(List<Entry> entries) {
        add(entries, position("c1", CRASH_SEGMENT, sec(40), 30, 150));
        add(entries, position("c2", CRASH_SEGMENT, sec(42), 25, 160));
        for (long t = 45; t <= 85; t += 5) {
            add(entries, position("c1", CRASH_SEGMENT, sec(t), 0, 250));
            add(entries, position("c2", CRASH_SEGMENT, sec(t + 2), 0, 252));
        }
        add(entries, position("c1", CRASH_SEGMENT, sec(120), 40, 420));
        add(entries, position("c2", CRASH_SEGMENT, sec(122), 40, 410));
    }

    private static void incidents(List<Entry> entries) {
        add(entries, open("op-1", "A-G", sec(70), IncidentType.CRASH, 4));
        add(entries, TestRecords.incident("op-1", "A-G", sec(140), IncidentType.CRASH, 4, IncidentStatus.CLEARED));
        for (int i = 1; i <= 3; i++) {
            add(entries, open("hz-" + i, "D-A", sec(5 + 15L * i), IncidentType.HAZARD, 2));
        }
    }

    private static void add(List<Entry> entries, SensorReading r) {
        entries.add(new Entry(
                "sensor.readings", r.getSensorId(), r, r.getEventTime().toEpochMilli()));
    }

    private static void add(List<Entry> entries, VehiclePosition p) {
        entries.add(new Entry(
                "vehicle.positions", p.getVehicleId(), p, p.getEventTime().toEpochMilli()));
    }

    private static void add(List<Entry> entries, IncidentReport r) {
        entries.add(new Entry(
                "incident.reports", r.getIncidentId(), r, r.getEventTime().toEpochMilli()));
    }
}
