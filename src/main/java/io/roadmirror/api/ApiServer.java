package io.roadmirror.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.plugin.bundled.CorsPlugin;
import io.javalin.util.JavalinBindException;
import io.roadmirror.config.ApiSettings;
import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.runtime.Closeables;
import io.roadmirror.runtime.Monitoring;
import io.roadmirror.runtime.StartupException;
import io.roadmirror.topics.Topics;
import java.net.BindException;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API and the live map of one instance: JSON answers from the pipeline's stores (this
 * instance's or, through their owners, the others'), server-sent events of every change, health,
 * Prometheus metrics, and the map's static files. Errors are JSON {@link ApiError}s, never a stack trace.
 * It shares the JVM with the stream threads, so it is bounded everywhere: queries by
 * {@link Admission}, whole-network answers by the {@link AnswerCache}, stream clients by the {@link SseHub}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final String STREAM_PATH = "/api/stream";

    private final Javalin app;
    private final LiveFeed feed;
    private final SseHub hub;
    private final ApiSettings settings;

    private ApiServer(Javalin app, LiveFeed feed, SseHub hub, ApiSettings settings) {
        this.app = app;
        this.feed = feed;
        this.hub = hub;
        this.settings = settings;
    }

    /**
     * Starts serving on {@code settings.host():settings.port()} (and the internal port, if configured).
     *
     * @param kafkaClient    client properties for the live feed's consumer (bootstrap servers, security)
     * @param networkVersion changes whenever road.network does (the pipeline's NetworkView)
     * @throws StartupException when a port is taken
     */
    public static ApiServer start(
            ApiSettings settings,
            KafkaStreams streams,
            Topics topics,
            Properties kafkaClient,
            Monitoring monitoring,
            LongSupplier networkVersion,
            MirrorThresholds congestion) {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        ApiSettings.Limits limits = settings.limits();
        SseHub hub = new SseHub(json, limits.sseMaxClients(), limits.sseClientQueue(), limits.sseReplay());
        LiveFeed feed = null;
        try {
            MirrorNow now = new MirrorNow(System::currentTimeMillis);
            feed = LiveFeed.start(kafkaClient, topics, hub, now);
            LiveFeed started = feed;
            LocalStores local = new LocalStores(streams);
            InstanceLocator locator =
                    new InstanceLocator(streams, new HostInfo(settings.advertisedHost(), settings.advertisedPort()));
            BooleanSupplier settled = () -> streams.state() == KafkaStreams.State.RUNNING;
            MirrorQueries queries = new MirrorQueries(
                    local,
                    locator,
                    new PeerClient(
                            json,
                            Connectors.peerTls(settings.tls()),
                            settings.auth().internalSecret()),
                    json,
                    networkVersion,
                    settled);
            AnswerCache cache = new AnswerCache(
                    () -> List.of(networkVersion.getAsLong(), hub.sequence()), settled, limits.cacheMaxAge());
            Admission admission = new Admission(limits.maxConcurrentRequests(), limits.maxConcurrentBulk());
            AccessControl access = new AccessControl(settings.auth(), settings.internalPort());
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.jsonMapper(new JavalinJackson(json, false));
                listen(config, settings);
                cors(config, settings.corsOrigins());
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = "/web";
                    files.location = Location.CLASSPATH;
                });
                config.routes.before(access::check);
                QueryRoutes.register(config.routes, queries, cache, admission, json);
                RouteQueries planning = new RouteQueries(local, networkVersion, settled, now, congestion);
                RouteEndpoint.register(config.routes, planning, admission, json);
                WhatIfEndpoint.register(config.routes, planning, admission, json);
                InternalRoutes.register(config.routes, local, locator);
                OperationsRoutes.registerHealth(
                        config.routes,
                        () -> HealthView.of(
                                streams.state(),
                                monitoring.faults(),
                                started.status(),
                                new HealthView.StreamClients(hub.clients(), hub.maxClients(), hub.droppedClients())));
                OperationsRoutes.registerMetrics(config.routes, monitoring);
                config.routes.before(STREAM_PATH, ctx -> admitStreamClient(ctx, hub));
                config.routes.sse(
                        STREAM_PATH, client -> hub.register(client, client.ctx().header("Last-Event-ID")));
                answerErrorsAsJson(config.routes);
            });
            app.start();
            return new ApiServer(app, feed, hub, settings);
        } catch (JavalinBindException e) {
            Closeables.closeAll(feed, hub);
            throw portTaken(settings);
        } catch (RuntimeException e) {
            Closeables.closeAll(feed, hub);
            if (causedByBind(e)) {
                throw portTaken(settings);
            }
            throw e;
        }
    }

    /** Our own connectors (Javalin adds its default one only when there is none): https when configured, and the internal port. */
    private static void listen(JavalinConfig config, ApiSettings settings) {
        config.jetty.addConnector(
                (server, http) -> Connectors.listener(server, http, settings.host(), settings.port(), settings.tls()));
        settings.internalPort()
                .ifPresent(port -> config.jetty.addConnector(
                        (server, http) -> Connectors.listener(server, http, settings.host(), port, settings.tls())));
    }

    /** Browsers on the listed origins may call the API (with the Authorization header) and read its ETag, Link and Retry-After. */
    private static void cors(JavalinConfig config, List<String> origins) {
        if (origins.isEmpty()) {
            return;
        }
        config.registerPlugin(new CorsPlugin(cors -> cors.addRule(rule -> {
            if (origins.contains("*")) {
                rule.anyHost();
            } else {
                rule.allowHost(
                        origins.get(0), origins.subList(1, origins.size()).toArray(String[]::new));
            }
            List.of("ETag", "Link", "Retry-After").forEach(rule::exposeHeader);
            rule.maxAge = 600;
        })));
    }

    /** Past the limit of stream clients: a 503 before the stream opens, so EventSource retries later. */
    private static void admitStreamClient(Context ctx, SseHub hub) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            // Without this header Javalin ends the stream at once, empty: say what is missing instead.
            throw ApiException.notAcceptable(
                    STREAM_PATH + " is a server-sent event stream: send Accept: text/event-stream "
                            + "(EventSource does; with curl: curl -N -H 'Accept: text/event-stream' ...)");
        }
        if (!hub.admit()) {
            throw ApiException.overloaded(
                    STREAM_PATH + " has " + hub.maxClients() + " clients already (api.sse.max.clients); retry later");
        }
    }

    private static void answerErrorsAsJson(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null) {
                ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            } else if (e.status() == 503) {
                ctx.header("Retry-After", "1"); // a rebalance or a restart moves stores within seconds: ask again soon
            }
            ctx.status(e.status()).json(new ApiError(e.getMessage(), e.status()));
        });
        routes.exception(
                HttpResponseException.class,
                (e, ctx) -> ctx.status(e.getStatus()).json(new ApiError(e.getMessage(), e.getStatus())));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected error answering {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500)
                    .json(new ApiError(
                            "internal error answering " + ctx.path() + "; the server log has the details", 500));
        });
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static StartupException portTaken(ApiSettings settings) {
        String ports = settings.port()
                + settings.internalPort().map(p -> " or " + p + " (internal)").orElse("");
        return new StartupException("Port " + ports + " (query API) is already in use. Stop whatever listens on it, "
                + "or choose another port with --api-port"
                + (settings.internalPort().isPresent() ? " / --api-internal-port." : "."));
    }

    /** The address a person on this machine opens. */
    public String url() {
        return settings.localUrl();
    }

    @Override
    public void close() {
        Closeables.closeAll(feed, hub, app::stop);
    }
}
