package io.roadmirror.api;

import io.javalin.config.RoutesConfig;

/** The public questions: segments, one segment, hotspots, advisories, the network as GeoJSON. */
final class QueryRoutes {
    static final String GEO_JSON = "application/geo+json";

    private QueryRoutes() {
    }

    static void register(RoutesConfig routes, MirrorQueries queries) {
        routes.get("/api/segments", ctx -> {
            QueryParams.allowOnly(ctx, "congestion");
            ctx.json(queries.segments(QueryParams.congestion(ctx)));
        });
        routes.get("/api/segments/{id}", ctx -> {
            QueryParams.allowOnly(ctx);
            ctx.json(queries.segment(ctx.pathParam("id")));
        });
        routes.get("/api/hotspots", ctx -> {
            QueryParams.allowOnly(ctx);
            ctx.json(queries.hotspots());
        });
        routes.get("/api/advisories", ctx -> ctx.json(queries.advisories(QueryParams.advisoryQuery(ctx))));
        routes.get("/api/network", ctx -> {
            QueryParams.allowOnly(ctx);
            ctx.json(queries.networkGeoJson()).contentType(GEO_JSON);
        });
    }
}
