package io.roadmirror.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.roadmirror.runtime.Monitoring;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Health for load balancers and orchestrators (200 or 503, the body says why either way), and
 * metrics for Prometheus.
 */
final class OperationsRoutes {
    private OperationsRoutes() {
    }

    static void register(RoutesConfig routes, KafkaStreams streams, Monitoring monitoring) {
        routes.get("/api/health", ctx -> health(ctx, streams, monitoring, HealthView::ready));
        routes.get("/api/health/ready", ctx -> health(ctx, streams, monitoring, HealthView::ready));
        routes.get("/api/health/live", ctx -> health(ctx, streams, monitoring, HealthView::live));
        routes.get("/metrics", ctx -> ctx.contentType(Monitoring.PROMETHEUS_CONTENT_TYPE).result(monitoring.scrape()));
    }

    private static void health(Context ctx, KafkaStreams streams, Monitoring monitoring, Predicate<HealthView> ok) {
        HealthView health = HealthView.of(streams.state(), monitoring.faults());
        ctx.status(ok.test(health) ? 200 : 503).json(health);
    }
}
