package io.roadmirror.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import io.roadmirror.config.ApiSettings;
import io.roadmirror.runtime.Monitoring;
import io.roadmirror.runtime.StartupException;
import io.roadmirror.topics.Topics;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API and the live map of one instance: JSON answers from the pipeline's stores (this
 * instance's or, through their owners, the others'), server-sent events of every change, health,
 * Prometheus metrics, and the map's static files. Errors are JSON {@link ApiError}s, never a stack trace.
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
     * Starts serving on {@code settings.host():settings.port()}.
     *
     * @param kafkaClient client properties for the live feed's consumer (bootstrap servers, security)
     * @throws StartupException when the port is taken
     */
    public static ApiServer start(ApiSettings settings, KafkaStreams streams, Topics topics, Properties kafkaClient, Monitoring monitoring) {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        LocalStores local = new LocalStores(streams);
        InstanceLocator locator = new InstanceLocator(streams, new HostInfo(settings.advertisedHost(), settings.advertisedPort()));
        MirrorQueries queries = new MirrorQueries(local, locator, new PeerClient(json), json);
        SseHub hub = new SseHub(json);
        LiveFeed feed = null;
        try {
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.jsonMapper(new JavalinJackson(json, false));
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = "/web";
                    files.location = Location.CLASSPATH;
                });
                QueryRoutes.register(config.routes, queries);
                InternalRoutes.register(config.routes, local, locator);
                OperationsRoutes.register(config.routes, streams, monitoring);
                config.routes.before(STREAM_PATH, ApiServer::requireEventStreamAccept);
                config.routes.sse(STREAM_PATH, hub::register);
                answerErrorsAsJson(config.routes);
            });
            feed = LiveFeed.start(kafkaClient, topics, hub::publish);
            app.start(settings.host(), settings.port());
            return new ApiServer(app, feed, hub, settings);
        } catch (JavalinBindException e) {
            Closeables.closeAll(feed, hub);
            throw new StartupException("Port " + settings.port() + " (query API) is already in use. Stop whatever listens on it, "
                    + "or choose another port with --api-port.");
        } catch (RuntimeException e) {
            Closeables.closeAll(feed, hub);
            throw e;
        }
    }

    /** Without this header Javalin ends the stream at once, empty: say what is missing instead. */
    private static void requireEventStreamAccept(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw ApiException.notAcceptable(STREAM_PATH + " is a server-sent event stream: send Accept: text/event-stream "
                    + "(EventSource does; with curl: curl -N -H 'Accept: text/event-stream' ...)");
        }
    }

    private static void answerErrorsAsJson(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 503) {
                ctx.header("Retry-After", "1"); // a rebalance or a restart moves stores within seconds: ask again soon
            }
            ctx.status(e.status()).json(new ApiError(e.getMessage(), e.status()));
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(new ApiError(e.getMessage(), e.getStatus())));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected error answering {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(new ApiError("internal error answering " + ctx.path() + "; the server log has the details", 500));
        });
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
