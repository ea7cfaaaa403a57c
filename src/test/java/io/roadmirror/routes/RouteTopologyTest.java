package io.roadmirror.routes;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.cleared;
import static io.roadmirror.testing.TestRecords.open;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.ingest.DeadLetters;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.ForecastPoint;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.RouteRequest;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.model.RouteStatus;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** route.requests → route.responses through the whole pipeline, on the triangle of {@link TestNetworks}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RouteTopologyTest {
    private static final Instant WALL_CLOCK = T0.plus(Duration.ofDays(3));
    private PipelineTestDriver ttd;

    @BeforeEach
    void start() {
        ttd = new PipelineTestDriver(TestNetworks.triangle(), WALL_CLOCK);
    }

    @AfterEach
    void stop() {
        ttd.close();
    }

    private static RouteRequest request(String id, String from, String to) {
        return RouteRequest.newBuilder()
                .setRequestId(id)
                .setFromNode(from)
                .setToNode(to)
                .build();
    }

    private RouteResponse ask(RouteRequest request, Instant at) {
        ttd.routeRequests.pipeInput(request.getRequestId(), request, at);
        List<KeyValue<String, RouteResponse>> answers = ttd.routeResponses.readKeyValuesToList();
        assertEquals(1, answers.size(), "one answer per request");
        assertEquals(request.getRequestId(), answers.get(0).key, "keyed by the request id");
        return answers.get(0).value;
    }

    @Test
    void aRequestIsAnsweredWithTheFastestRouteOverTheLiveMirror() {
        RouteResponse free = ask(request("r-1", "D", "B"), sec(10));
        assertEquals(RouteStatus.OK, free.getStatus());
        assertEquals(List.of("D-A", "A-B"), free.getSegmentIds());
        assertEquals(144.0, free.getTravelTimeSeconds(), "free flow where the mirror knows nothing");
        assertEquals(sec(10), free.getDepartAt(), "departAt defaults to the request's time");
        assertEquals(sec(10).plusSeconds(144), free.getArriveAt());
        assertTrue(!free.getAnsweredAt().isBefore(WALL_CLOCK), "answeredAt is the wall clock: " + free.getAnsweredAt());

        ttd.readings.pipeInput("s-ab", reading("s-ab", "A-B", sec(0), 45.0), sec(0));
        ttd.readings.pipeInput("s-ab", reading("s-ab", "A-B", sec(30), 15.0), sec(30));
        ttd.mirror.readValuesToList();

        RouteResponse slow = ask(request("r-2", "D", "B"), sec(60));
        assertEquals(List.of("D-A", "A-C", "C-B"), slow.getSegmentIds(), "A-B at 15 km/h takes 240 s");
        assertEquals(164.2, slow.getTravelTimeSeconds());
        assertEquals(164.2, slow.getLiveTravelTimeSeconds());
        assertEquals(164.2, slow.getFreeFlowTravelTimeSeconds());
    }

    @Test
    void aSegmentForecastToSlowDownBeforeTheTripReachesItIsRoutedAround() {
        ttd.readings.pipeInput("s-ab", reading("s-ab", "A-B", sec(0), 45.0), sec(0));
        ttd.readings.pipeInput("s-ab", reading("s-ab", "A-B", sec(30), 45.0), sec(30));
        ttd.mirror.readValuesToList();
        ttd.forecasts.readValuesToList();
        RouteResponse live = ask(request("r-1", "D", "B"), sec(60));
        assertEquals(List.of("D-A", "A-B"), live.getSegmentIds(), "A-B flows now");
        assertEquals(
                live.getLiveTravelTimeSeconds(), live.getTravelTimeSeconds(), "the forecaster's own forecast: steady");

        // The forecast says A-B will crawl within minutes (as a profile of the evening peak would).
        ttd.forecastsIn.pipeInput(
                "A-B",
                new SegmentForecast(
                        "A-B",
                        sec(30),
                        "profile+decay",
                        List.of(
                                new ForecastPoint(5, 8.0, 900.0, CongestionLevel.STOPPED),
                                        new ForecastPoint(10, 8.0, 900.0, CongestionLevel.STOPPED),
                                new ForecastPoint(15, 8.0, 900.0, CongestionLevel.STOPPED),
                                        new ForecastPoint(30, 8.0, 900.0, CongestionLevel.STOPPED))),
                sec(30));
        RouteResponse predicted = ask(request("r-2", "D", "B"), sec(300));
        assertEquals(
                List.of("D-A", "A-C", "C-B"),
                predicted.getSegmentIds(),
                "predicted over the forecast, not today's live time");
        assertEquals(
                164.2, predicted.getTravelTimeSeconds(), "A-C and C-B have no forecast: their live (free-flow) time");
    }

    @Test
    void closuresAndSeriousIncidentsAreAvoidedUntilTheyClear() {
        ttd.incidents.pipeInput("minor", open("minor", "A-B", sec(5), IncidentType.HAZARD, 2), sec(5));
        ttd.mirror.readValuesToList();
        assertEquals(
                List.of("D-A", "A-B"),
                ask(request("r-0", "D", "B"), sec(10)).getSegmentIds(),
                "severity 2 does not block");

        ttd.incidents.pipeInput("close-1", open("close-1", "A-B", sec(20), IncidentType.CLOSURE, 1), sec(20));
        ttd.incidents.pipeInput("crash-1", open("crash-1", "A-C", sec(21), IncidentType.CRASH, 3), sec(21));
        ttd.mirror.readValuesToList();
        RouteResponse around = ask(request("r-1", "D", "B"), sec(30));
        assertEquals(List.of("D-A", "A-G", "G-B"), around.getSegmentIds());
        assertEquals(List.of("close-1"), around.getAvoidedIncidentIds(), "on the route that would have been fastest");

        ttd.incidents.pipeInput("close-1", cleared("close-1", "A-B", sec(40)), sec(40));
        ttd.mirror.readValuesToList();
        RouteResponse direct = ask(request("r-2", "D", "B"), sec(50));
        assertEquals(List.of("D-A", "A-B"), direct.getSegmentIds(), "the closure cleared");
        assertEquals(List.of(), direct.getAvoidedIncidentIds());
    }

    @Test
    void badRequestsAreAnsweredNeverDropped() {
        RouteResponse tooMany = ask(
                RouteRequest.newBuilder(request("r-1", "D", "B"))
                        .setAlternatives(5)
                        .build(),
                sec(1));
        assertEquals(RouteStatus.INVALID, tooMany.getStatus());
        assertEquals("alternatives: 5 is not from 0 to 3", tooMany.getDetail());
        assertEquals(List.of(), tooMany.getSegmentIds());
        assertNull(tooMany.getTravelTimeSeconds());

        RouteResponse unknown = ask(request("r-2", "D", "Atlantis"), sec(2));
        assertEquals(RouteStatus.UNKNOWN_NODE, unknown.getStatus());
        assertEquals("there is no junction 'Atlantis' in the road network", unknown.getDetail());

        RouteResponse none = ask(request("r-3", "F", "A"), sec(3));
        assertEquals(RouteStatus.NO_ROUTE, none.getStatus());

        ttd.routeRequests.pipeInput("r-4", null, sec(4));
        TestRecord<String, RouteResponse> empty = ttd.routeResponses.readRecord();
        assertEquals("r-4", empty.key());
        assertEquals(RouteStatus.INVALID, empty.value().getStatus());
        assertEquals("r-4", empty.value().getRequestId());
    }

    @Test
    void anUndecodableRequestIsDeadLettered() {
        ttd.pipeRaw(
                "route.requests", "r-x".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));
        assertTrue(ttd.routeResponses.isEmpty());
        List<TestRecord<byte[], byte[]>> letters = ttd.readDeadLetters();
        assertEquals(1, letters.size());
        assertEquals("DESERIALIZATION", DeadLetters.header(letters.get(0).headers(), DeadLetters.REASON));
        assertEquals("route.requests", DeadLetters.header(letters.get(0).headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals(
                RouteStatus.OK, ask(request("r-y", "D", "B"), sec(5)).getStatus(), "and the next request is answered");
    }
}
