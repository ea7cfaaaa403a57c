package io.roadmirror.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.roadmirror.model.CongestionLevel;
import java.util.List;
import java.util.Set;

/**
 * The public questions: segments, one segment, hotspots, advisories, the network as GeoJSON. Each
 * runs within the {@link Admission} limits; whole-network answers come from the {@link AnswerCache};
 * every answer has an ETag, and a client that sends it back in If-None-Match gets a 304.
 */
final class QueryRoutes {
    static final String GEO_JSON = "application/geo+json";
    private static final String JSON = "application/json";

    private QueryRoutes() {}

    static void register(
            RoutesConfig routes, MirrorQueries queries, AnswerCache cache, Admission admission, ObjectMapper json) {
        routes.get("/api/segments", admission.limitBulk(ctx -> {
            QueryParams.allowOnly(ctx, "congestion");
            Set<CongestionLevel> levels = QueryParams.congestion(ctx);
            Answers.send(
                    ctx, cache.get("segments" + levels, JSON, () -> Answers.render(json, queries.segments(levels))));
        }));
        routes.get("/api/network", admission.limitBulk(ctx -> {
            QueryParams.allowOnly(ctx);
            Answers.send(ctx, cache.get("network", GEO_JSON, () -> Answers.render(json, queries.networkGeoJson())));
        }));
        routes.get("/api/segments/{id}", admission.limit(ctx -> {
            QueryParams.allowOnly(ctx);
            Answers.json(ctx, json, queries.segment(ctx.pathParam("id")));
        }));
        routes.get("/api/hotspots", admission.limit(ctx -> {
            QueryParams.allowOnly(ctx);
            Answers.json(ctx, json, queries.hotspots());
        }));
        routes.get("/api/advisories", admission.limit(ctx -> {
            AdvisoryQuery query = QueryParams.advisoryQuery(ctx);
            List<AdvisoryView> page = queries.advisories(query);
            if (page.size() == query.limit()) {
                // A full page: there may be more. RFC 8288, as GitHub's API pages.
                String next = AdvisoryQuery.nextCursor(page.get(page.size() - 1));
                ctx.header("Link", "<" + ctx.path() + "?" + query.queryString(next) + ">; rel=\"next\"");
            }
            Answers.json(ctx, json, page);
        }));
    }
}
