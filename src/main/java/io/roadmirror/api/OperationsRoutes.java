package io.roadmirror.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.roadmirror.runtime.Monitoring;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Health for load balancers and orchestrators (200 or 503, the body says why either way), and
 * metrics for Prometheus. /api/health is 200 only when all is well (for monitoring);
 * /api/health/ready and /api/health/live follow the pipeline alone (for load balancers and restarts).
 */
final class OperationsRoutes {
    static final String METRICS = "/metrics";
    static final String HEALTH = "/api/health";

    private OperationsRoutes() {}

    static void registerHealth(RoutesConfig routes, Supplier<HealthView> health) {
        routes.get(HEALTH, ctx -> answer(ctx, health.get(), HealthView::healthy));
        routes.get(HEALTH + "/ready", ctx -> answer(ctx, health.get(), HealthView::ready));
        routes.get(HEALTH + "/live", ctx -> answer(ctx, health.get(), HealthView::live));
    }

    static void registerMetrics(RoutesConfig routes, Monitoring monitoring) {
        routes.get(
                METRICS,
                ctx -> ctx.contentType(Monitoring.PROMETHEUS_CONTENT_TYPE).result(monitoring.scrape()));
    }

    private static void answer(Context ctx, HealthView health, Predicate<HealthView> ok) {
        ctx.status(ok.test(health) ? 200 : 503).json(health);
    }
}
