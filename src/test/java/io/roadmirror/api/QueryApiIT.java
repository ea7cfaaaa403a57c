package io.roadmirror.api;

import static io.roadmirror.testing.TestRecords.open;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.model.IncidentType;
import io.roadmirror.runtime.Ports;
import io.roadmirror.testing.Closing;
import io.roadmirror.testing.Gateway;
import io.roadmirror.testing.HttpJson;
import io.roadmirror.testing.SseRecorder;
import io.roadmirror.testing.TestInstances;
import io.roadmirror.testing.TestNetworks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The query API over HTTP, against the whole pipeline on a real broker and registry. The input is
 * the hand-checked triangle network (TestNetworks): Main Street A-B slows from 45 to 15 km/h
 * (CONGESTED, detour via Canal Road), then gets three minor incidents (a HOTSPOT); B-E runs free;
 * every other segment has no input (UNKNOWN).
 */
@org.junit.jupiter.api.Timeout(300)
@Execution(ExecutionMode.CONCURRENT) // its own broker: runs beside the others, to even out the two lanes (pom.xml)
class QueryApiIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafkaBroker broker;
    private static ServedPipeline instance;
    private static SseRecorder stream;
    private static String api;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
        RoadmirrorConfig config = TestInstances.config(
                broker.bootstrapServers(), "roadmirror-api-it-" + UUID.randomUUID(), 3, Ports.findFree(), Map.of());
        TestInstances.prepareCluster(config, TestNetworks.triangle());
        instance = TestInstances.start(config);
        api = "http://127.0.0.1:" + config.api().port();

        stream = new SseRecorder(api + "/api/stream").awaitConnected(WAIT); // subscribed before anything happens
        try (Gateway gateway = new Gateway(config)) {
            gateway.send(reading("s-ab", "A-B", sec(0), 45.0))
                    .send(reading("s-ab", "A-B", sec(30), 15.0))
                    .send(reading("s-be", "B-E", sec(30), 45.0));
            for (int i = 1; i <= 3; i++) {
                gateway.send(open("it-" + i, "A-B", sec(40 + i), IncidentType.HAZARD, 1));
            }
            gateway.flush();
        }
        HttpJson.await(api + "/api/advisories", advisories -> advisories.size() == 2, WAIT);
        HttpJson.await(
                api + "/api/segments/A-B",
                detail -> detail.at("/segment/live/openIncidentIds").size() == 3,
                WAIT);
    }

    @AfterAll
    static void stop() {
        Closing.all(stream, instance, broker);
    }

    @Test
    void aSegmentComesWithItsLiveStateAndRecentHistory() {
        JsonNode detail = HttpJson.getOk(api + "/api/segments/A-B");
        JsonNode segment = detail.get("segment");
        assertEquals("Main Street (A-B)", segment.get("name").asText());
        assertEquals(1000.0, segment.get("lengthMeters").asDouble());
        JsonNode live = segment.get("live");
        assertEquals("CONGESTED", live.get("congestion").asText());
        assertEquals(15.0, live.get("speedKph").asDouble());
        assertEquals(List.of("it-1", "it-2", "it-3"), texts(live.get("openIncidentIds")));
        assertEquals("2026-03-15T08:00:43.000Z", live.get("asOf").asText());

        JsonNode history = detail.get("history");
        assertEquals("FREE_FLOW", history.get(0).get("congestion").asText(), "oldest first");
        assertEquals(45.0, history.get(0).get("speedKph").asDouble());
        assertEquals(live, history.get(history.size() - 1), "the newest published state is the live one");
    }

    @Test
    void allSegmentsFilteredByCongestion() {
        JsonNode all = HttpJson.getOk(api + "/api/segments");
        assertEquals(11, all.size());
        assertEquals(List.of("A-B"), ids(HttpJson.getOk(api + "/api/segments?congestion=CONGESTED")));
        assertEquals(List.of("A-B", "B-E"), ids(HttpJson.getOk(api + "/api/segments?congestion=free_flow,congested")));
        JsonNode unknown = HttpJson.getOk(api + "/api/segments?congestion=UNKNOWN");
        assertEquals(9, unknown.size());
        unknown.forEach(s -> assertTrue(s.get("live").isNull(), s + " has had no input"));
    }

    @Test
    void hotspotsListTheAccidentProneSegments() {
        JsonNode hotspots = HttpJson.await(
                api + "/api/hotspots",
                h -> h.size() == 1 && h.get(0).get("level").asText().equals("HOTSPOT"),
                WAIT);
        JsonNode hotspot = hotspots.get(0);
        assertEquals("A-B", hotspot.get("segmentId").asText());
        assertEquals(3, hotspot.get("incidentCount").asInt());
        assertEquals(List.of("it-1", "it-2", "it-3"), texts(hotspot.get("incidentIds")));
    }

    @Test
    void aRouteIsAnsweredFromTheLiveMirrorOnThisInstance() {
        // A-B at 15 km/h takes 240 s: the fastest way from D to B goes round by Canal Road (once the global store has
        // the state).
        JsonNode route = HttpJson.await(
                api + "/api/route?from=D&to=B&alternatives=1",
                r -> texts(r.get("segmentIds")).equals(List.of("D-A", "A-C", "C-B")),
                WAIT);
        assertEquals("OK", route.get("status").asText());
        assertEquals(164.2, route.get("travelTimeSeconds").asDouble(), "72 + 46.1 + 46.1 s, free flow where unknown");
        assertEquals(164.2, route.get("liveTravelTimeSeconds").asDouble());
        assertEquals(164.2, route.get("freeFlowTravelTimeSeconds").asDouble());
        assertEquals(
                164_200,
                Instant.parse(route.get("arriveAt").asText()).toEpochMilli()
                        - Instant.parse(route.get("departAt").asText()).toEpochMilli(),
                "departAt: now; arriveAt: after the travel time");
        assertEquals(1, route.get("alternatives").size());
        assertEquals(List.of("D-A", "A-G", "G-B"), texts(route.at("/alternatives/0/segmentIds")));
        assertEquals(List.of(), texts(route.get("avoidedIncidentIds")), "severity 1 hazards block nothing");
        assertEquals(
                List.of("D-A", "A-G", "G-B"),
                texts(HttpJson.getOk(api + "/api/route?from=D&to=B&avoid=A-C").get("segmentIds")));

        HttpJson.Answer unknown = HttpJson.get(api + "/api/route?from=D&to=Atlantis");
        assertEquals(404, unknown.status());
        assertEquals("UNKNOWN_NODE", unknown.json().get("status").asText());
        assertEquals(
                "there is no junction 'Atlantis' in the road network",
                unknown.json().get("detail").asText());
        HttpJson.Answer invalid = HttpJson.get(api + "/api/route?from=D&to=B&alternatives=9");
        assertEquals(400, invalid.status());
        assertEquals("INVALID", invalid.json().get("status").asText());
        assertEquals(
                "alternatives: 9 is not from 0 to 3",
                invalid.json().get("detail").asText());
        assertEquals(
                "INVALID",
                HttpJson.get(api + "/api/route?to=B").json().get("status").asText(),
                "from is missing");
        assertEquals(200, HttpJson.get(api + "/api/route?from=F&to=A").status(), "NO_ROUTE is an answer");
        assertEquals(
                "NO_ROUTE",
                HttpJson.get(api + "/api/route?from=F&to=A")
                        .json()
                        .get("status")
                        .asText());
        HttpJson.Answer unreadable = HttpJson.get(api + "/api/route?from=D&to=B&departAt=soon");
        assertEquals(400, unreadable.status());
        assertTrue(
                unreadable.json().get("error").asText().startsWith("departAt: 'soon' is not a time"),
                unreadable.body());
        assertEquals(400, HttpJson.get(api + "/api/route?from=D&to=B&via=C").status());
    }

    @Test
    void aWhatIfIsAnsweredFromTheLiveMirror() {
        HttpJson.await(
                api + "/api/route?from=D&to=B",
                r -> texts(r.get("segmentIds")).equals(List.of("D-A", "A-C", "C-B")),
                WAIT);

        // A-B crawls at 15 km/h: its demand (the BPR load at that speed) moves onto Canal Road, which slows the same
        // way.
        HttpJson.Answer answer =
                HttpJson.post(api + "/api/what-if", "{\"closures\": [\"A-B\"], \"durationMinutes\": 30}");
        assertEquals(200, answer.status(), answer.body());
        JsonNode whatIf = answer.json();
        assertEquals("A-B", whatIf.at("/segments/0/segmentId").asText());
        assertEquals("CLOSED", whatIf.at("/segments/0/cause").asText());
        assertEquals("CONGESTED", whatIf.at("/segments/0/congestionBefore").asText());
        // Before: A-B's expected time at the start, its forecast (which has begun to learn A-B's 45 km/h of earlier) or
        // 240 s live.
        double before = whatIf.at("/trips/0/travelTimeSecondsBefore").asDouble();
        assertTrue(before > 200 && before <= 240, "A-B crawls, far above its 72 s at free flow: " + before);
        assertEquals(List.of("A-C", "C-B"), texts(whatIf.at("/trips/0/via")));
        assertTrue(
                whatIf.at("/trips/0/divertedVehPerHour").asDouble() > 1_800,
                "more than a lane's capacity wanted A-B: " + whatIf);
        assertEquals("DETOUR", whatIf.at("/segments/1/cause").asText());
        assertEquals(
                30 * 60_000,
                Instant.parse(whatIf.get("end").asText()).toEpochMilli()
                        - Instant.parse(whatIf.get("start").asText()).toEpochMilli());

        assertEquals(
                404,
                HttpJson.post(api + "/api/what-if", "{\"closures\": [\"Atlantis\"]}")
                        .status());
        assertEquals(
                400,
                HttpJson.post(api + "/api/what-if", "{\"closure\": [\"A-B\"]}").status(),
                "a misspelt field is refused");
        HttpJson.Answer severe =
                HttpJson.post(api + "/api/what-if", "{\"incidents\": [{\"segmentId\": \"A-B\", \"severity\": 9}]}");
        assertEquals(400, severe.status());
        assertTrue(severe.json().get("error").asText().contains("severity 9"), severe.body());
    }

    @Test
    void advisoriesNewestFirstBySegmentAndSince() {
        JsonNode all = HttpJson.getOk(api + "/api/advisories");
        assertEquals(List.of("HOTSPOT", "CONGESTION"), kinds(all));
        JsonNode congestion = all.get(1);
        assertEquals("2026-03-15T08:00:30.000Z", congestion.get("eventTime").asText());
        assertEquals(List.of("A-C", "C-B"), texts(congestion.at("/detour/segmentIds")));
        assertEquals(List.of("D-A", "Y-D", "Z-Y"), texts(congestion.get("approachSegmentIds")));

        assertEquals(List.of("HOTSPOT"), kinds(HttpJson.getOk(api + "/api/advisories?since=2026-03-15T08:00:31Z")));
        assertEquals(
                List.of("HOTSPOT", "CONGESTION"),
                kinds(HttpJson.getOk(api + "/api/advisories?since=" + sec(30).toEpochMilli())),
                "since is inclusive, and takes epoch milliseconds too");
        assertEquals(List.of("HOTSPOT"), kinds(HttpJson.getOk(api + "/api/advisories?segment=A-B&limit=1")));
        assertEquals(List.of(), kinds(HttpJson.getOk(api + "/api/advisories?segment=B-E")));
    }

    @Test
    void theNetworkIsGeoJsonWithLiveProperties() {
        HttpJson.Answer answer = HttpJson.get(api + "/api/network");
        assertEquals(200, answer.status());
        assertTrue(answer.contentType().startsWith("application/geo+json"), answer.contentType());
        JsonNode collection = answer.json();
        assertEquals("FeatureCollection", collection.get("type").asText());
        assertEquals(11, collection.get("features").size());
        JsonNode ab = feature(collection, "A-B");
        assertEquals("LineString", ab.at("/geometry/type").asText());
        assertEquals(5.0, ab.at("/geometry/coordinates/0/0").asDouble(), 1e-9, "longitude first (RFC 7946)");
        assertEquals(52.0, ab.at("/geometry/coordinates/0/1").asDouble(), 1e-9);
        assertEquals("CONGESTED", ab.at("/properties/congestion").asText());
        assertEquals("HOTSPOT", ab.at("/properties/hotspotLevel").asText());
        assertEquals(15.0, ab.at("/properties/speedKph").asDouble());
        JsonNode quiet = feature(collection, "W-Z");
        assertEquals("UNKNOWN", quiet.at("/properties/congestion").asText());
        assertTrue(quiet.at("/properties/asOf").isNull());
    }

    @Test
    void theStreamDeliversMirrorChangesHotspotsAndAdvisoriesAsTheyHappen() throws InterruptedException {
        assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
        SseRecorder.Event advisory =
                stream.await("advisory", a -> a.get("kind").asText().equals("CONGESTION"), WAIT);
        assertEquals("A-B", advisory.data().get("segmentId").asText());
        assertEquals(List.of("A-C", "C-B"), texts(advisory.data().at("/detour/segmentIds")));
        stream.await(
                "segment",
                s -> s.get("segmentId").asText().equals("A-B")
                        && s.get("congestion").asText().equals("CONGESTED"),
                WAIT);
        stream.await(
                "hotspot",
                h -> h.get("segmentId").asText().equals("A-B")
                        && h.get("level").asText().equals("HOTSPOT"),
                WAIT);
    }

    @Test
    void advisoriesArePagedByALinkToTheNextPage() throws Exception {
        HttpResponse<String> first = http(api + "/api/advisories?limit=1", Map.of());
        assertEquals(List.of("HOTSPOT"), kinds(json(first)));
        String next = first.headers()
                .firstValue("Link")
                .orElseThrow(() -> new AssertionError("a full page links to the next"));
        Matcher link = Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(next);
        assertTrue(link.matches(), next);
        HttpResponse<String> second = http(api + link.group(1), Map.of());
        assertEquals(List.of("CONGESTION"), kinds(json(second)), "the next page starts after the last one");
        HttpResponse<String> third = http(
                api
                        + Pattern.compile("<([^>]+)>")
                                .matcher(second.headers().firstValue("Link").orElseThrow())
                                .results()
                                .findFirst()
                                .orElseThrow()
                                .group(1),
                Map.of());
        assertEquals(List.of(), kinds(json(third)));
        assertTrue(third.headers().firstValue("Link").isEmpty(), "no page after the last");
        assertEquals(
                List.of("CONGESTION"),
                kinds(HttpJson.getOk(api + "/api/advisories?before=2026-03-15T08:00:31Z")),
                "before takes a time too: strictly older");
    }

    @Test
    void anUnchangedAnswerIsA304ForTheETagTheClientHas() throws Exception {
        for (String path : List.of("/api/segments", "/api/network", "/api/segments/A-B")) {
            HttpResponse<String> first = http(api + path, Map.of());
            String etag =
                    first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError(path + " has no ETag"));
            HttpResponse<String> again = http(api + path, Map.of("If-None-Match", etag));
            assertEquals(304, again.statusCode(), path);
            assertEquals("", again.body());
            assertEquals(
                    200,
                    http(api + path, Map.of("If-None-Match", "W/\"another\"")).statusCode(),
                    path);
        }
    }

    @Test
    void streamEventsCarryIdsToResumeFrom() throws InterruptedException {
        SseRecorder.Event advisory =
                stream.await("advisory", a -> a.get("kind").asText().equals("CONGESTION"), WAIT);
        assertTrue(advisory.id() != null && advisory.id().matches("[0-9a-f]{8}-\\d+"), advisory.id());
        try (SseRecorder resumed = new SseRecorder(api + "/api/stream", advisory.id())) {
            resumed.await("advisory", a -> a.get("kind").asText().equals("HOTSPOT"), WAIT); // sent after it
            assertTrue(
                    resumed.events("advisory").stream().noneMatch(a -> a.id().equals(advisory.id())), "nothing twice");
        }
    }

    private static HttpResponse<String> http(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }

    @Test
    void healthIsReadyWhileRunning() {
        HttpJson.Answer health = HttpJson.get(api + "/api/health");
        assertEquals(200, health.status());
        assertEquals("RUNNING", health.json().get("streamsState").asText());
        assertTrue(health.json().get("ready").asBoolean());
        assertEquals(200, HttpJson.get(api + "/api/health/live").status());
    }

    @Test
    void metricsArePrometheusTextWithThePipelinesOwnAndKafkaStreamsMetrics() {
        HttpJson.Answer metrics = HttpJson.get(api + "/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
        String text = metrics.body();
        assertEquals(3.0, value(text, "roadmirror_records_in_total{topic=\"sensor.readings\"}"));
        assertEquals(3.0, value(text, "roadmirror_records_in_total{topic=\"incident.reports\"}"));
        assertEquals(1.0, value(text, "roadmirror_advisories_total{kind=\"CONGESTION\"}"));
        assertEquals(1.0, value(text, "roadmirror_advisories_total{kind=\"HOTSPOT\"}"));
        assertTrue(
                value(text, "roadmirror_pipeline_latency_seconds_count") >= 3, "end-to-end latency per mirror update");
        assertTrue(
                text.lines().anyMatch(l -> l.startsWith("kafka_stream_")), "Kafka Streams' own metrics are exported");
    }

    @Test
    void mistakesAreJsonErrorsThatSayWhatIsWrong() {
        assertError("/api/segments/NOPE", 404, "'NOPE'");
        assertError("/api/segments?congestion=JAMMED", 400, "congestion: 'JAMMED' is not a congestion level");
        assertError("/api/segments?colour=red", 400, "unknown parameter 'colour'");
        assertError("/api/advisories?since=yesterday", 400, "since: 'yesterday' is not a time");
        assertError("/api/advisories?limit=0", 400, "limit:");
        assertError("/api/advisories?segment=NOPE", 404, "'NOPE'");
        assertError("/api/nowhere", 404, "");
        assertError("/api/stream", 406, "Accept: text/event-stream");
    }

    private static void assertError(String path, int status, String says) {
        HttpJson.Answer answer = HttpJson.get(api + path);
        assertEquals(status, answer.status(), path + ": " + answer.body());
        assertTrue(answer.contentType().startsWith("application/json"), path + ": " + answer.contentType());
        assertEquals(status, answer.json().get("status").asInt());
        assertTrue(answer.json().get("error").asText().contains(says), path + ": " + answer.body());
        assertFalse(
                answer.body().contains("Exception") || answer.body().contains("\tat "),
                "no stack trace: " + answer.body());
    }

    private static double value(String prometheusText, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(prometheusText);
        assertTrue(
                m.find(),
                "no series " + series + " in:\n"
                        + prometheusText
                                .lines()
                                .filter(l -> l.startsWith("roadmirror"))
                                .toList());
        return Double.parseDouble(m.group(1));
    }

    private static JsonNode feature(JsonNode collection, String id) {
        for (JsonNode f : collection.get("features")) {
            if (f.get("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + id);
    }

    /** The array's elements as text, or one field of each. */
    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        return texts(array, null);
    }

    private static List<String> ids(JsonNode segments) {
        return texts(segments, "segmentId");
    }

    private static List<String> kinds(JsonNode advisories) {
        return texts(advisories, "kind");
    }
}
