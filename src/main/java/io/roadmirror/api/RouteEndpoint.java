package io.roadmirror.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.roadmirror.routes.RouteQuestion;
import io.roadmirror.routes.RouteRules;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/route?from=NODE&to=NODE[&departAt=ISO-8601][&alternatives=N][&avoid=SEGMENT,...]}:
 * a RouteResponse as JSON, computed on this instance. A parameter that cannot be read (unknown,
 * not a time, not a number) is a 400 {@link ApiError} like everywhere in the API; a question that
 * can be read is judged by the route rule and always answered with a route body: 200 for OK and
 * NO_ROUTE, 400 for INVALID, 404 for UNKNOWN_NODE.
 */
final class RouteEndpoint {
    static final String PATH = "/api/route";

    private RouteEndpoint() {}

    static void register(RoutesConfig routes, RouteQueries queries, Admission admission, ObjectMapper json) {
        routes.get(PATH, admission.limit(ctx -> {
            QueryParams.allowOnly(ctx, "from", "to", "departAt", "alternatives", "avoid");
            Long departAt = ctx.queryParam("departAt") == null
                    ? null
                    : QueryParams.time("departAt", ctx.queryParam("departAt"));
            String avoid = ctx.queryParam("avoid");
            List<String> avoided = avoid == null || avoid.isBlank()
                    ? List.of()
                    : Arrays.stream(avoid.split(",")).map(String::trim).toList();
            RouteQuestion question = new RouteQuestion(
                    "api-" + UUID.randomUUID(),
                    trimmed(ctx.queryParam("from")),
                    trimmed(ctx.queryParam("to")),
                    departAt,
                    avoided,
                    alternatives(ctx.queryParam("alternatives")));
            RouteView route = queries.route(question);
            ctx.status(
                    switch (route.status()) {
                        case "INVALID" -> 400;
                        case "UNKNOWN_NODE" -> 404;
                        default -> 200;
                    });
            ctx.contentType("application/json").result(Answers.render(json, route));
        }));
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    private static int alternatives(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "alternatives: '" + value + "' is not a whole number from 0 to " + RouteRules.MAX_ALTERNATIVES);
        }
    }
}
