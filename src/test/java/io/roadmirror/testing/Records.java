package io.roadmirror.testing;

import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.Detour;
import io.roadmirror.model.ForecastPoint;
import io.roadmirror.model.Hotspot;
import io.roadmirror.model.HotspotLevel;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.LatLon;
import io.roadmirror.model.RoadSegment;
import io.roadmirror.model.RouteOption;
import io.roadmirror.model.RouteRequest;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.model.RouteStatus;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Fully populated example records of every contract type (every nullable field set). */
public final class Records {
    public static final Instant T0 = Instant.parse("2026-03-15T08:00:00Z");

    private Records() {}

    public static RoadSegment roadSegment() {
        return new RoadSegment(
                "N0000-N0001",
                "North Boulevard (eastbound)",
                "N0000",
                "N0001",
                451.5,
                2,
                50.0,
                List.of(new LatLon(52.0907, 5.1214), new LatLon(52.0908, 5.1280)));
    }

    public static SensorReading sensorReading() {
        return new SensorReading("loop-17", "gw-3", "N0000-N0001", T0, 42.5, 12, 18.25, 30);
    }

    public static VehiclePosition vehiclePosition() {
        return new VehiclePosition("car-9", "N0000-N0001", T0, 0.0, 120.5, 1);
    }

    public static IncidentReport incidentReport() {
        return new IncidentReport(
                "inc-1",
                "N0000-N0001",
                T0,
                IncidentType.CRASH,
                4,
                IncidentStatus.OPEN,
                IncidentSource.OPERATOR,
                "Two cars, right lane blocked");
    }

    public static SegmentState segmentState() {
        return new SegmentState(
                "N0000-N0001",
                T0,
                CongestionLevel.CONGESTED,
                14.0,
                960.0,
                35.5,
                116.1,
                32.5,
                2,
                3,
                List.of("inc-1"),
                T0.minusSeconds(5));
    }

    public static Hotspot hotspot() {
        return new Hotspot(
                "N0000-N0001",
                T0.minusSeconds(86_400),
                T0,
                HotspotLevel.HOTSPOT,
                3,
                9,
                List.of("inc-1", "inc-2", "inc-3"));
    }

    public static RoutingAdvisory routingAdvisory() {
        return new RoutingAdvisory(
                "adv-1",
                "N0000-N0001",
                AdvisoryKind.INCIDENT,
                AdvisorySeverity.CRITICAL,
                T0,
                T0.plusMillis(150),
                CongestionLevel.STOPPED,
                List.of("inc-1"),
                "Crash on North Boulevard: take Mill Road.",
                new Detour(List.of("N0000-N0100", "N0100-N0101", "N0101-N0001"), 170.0, 320.0, 150.0),
                List.of("R03-N0003"),
                T0.plusSeconds(900));
    }

    public static SegmentForecast segmentForecast() {
        return new SegmentForecast(
                "N0000-N0001",
                T0,
                "profile+learned",
                List.of(
                        new ForecastPoint(5, 18.5, 87.9, CongestionLevel.CONGESTED),
                        new ForecastPoint(30, 41.0, 39.6, CongestionLevel.FREE_FLOW)));
    }

    public static RouteRequest routeRequest() {
        return new RouteRequest("req-1", "N0000", "N0101", T0.plusSeconds(300), List.of("N0000-N0001"), 2);
    }

    public static RouteResponse routeResponse() {
        return new RouteResponse(
                "req-1",
                RouteStatus.OK,
                "fastest of 3",
                List.of("N0000-N0100", "N0100-N0101"),
                T0.plusSeconds(300),
                T0.plusSeconds(470),
                170.0,
                190.0,
                120.0,
                List.of("inc-1"),
                List.of(new RouteOption(List.of("N0000-N0001", "N0001-N0101"), 240.0)),
                T0.plusMillis(40));
    }

    public static List<SpecificRecord> all() {
        return List.of(
                roadSegment(),
                sensorReading(),
                vehiclePosition(),
                incidentReport(),
                segmentState(),
                hotspot(),
                routingAdvisory(),
                segmentForecast(),
                routeRequest(),
                routeResponse());
    }
}
