package io.roadmirror.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.config.RoutesConfig;
import io.roadmirror.whatif.WhatIfAnswer;
import io.roadmirror.whatif.WhatIfQuestion;
import io.roadmirror.whatif.WhatIfRefusal;
import java.util.List;

/**
 * {@code POST /api/what-if} with {@code {"closures": [segmentId...], "incidents": [{"segmentId",
 * "severity"}...], "start": ISO-8601 (default now), "durationMinutes": int (default 60)}}: what the
 * changes would do, computed on this instance from its global stores ({@link io.roadmirror.whatif.WhatIfPlanner}).
 * It writes nothing. A body that cannot be read, or a question the rule refuses, is a 400
 * {@link ApiError}; a segment the network does not have, a 404.
 */
final class WhatIfEndpoint {
    static final String PATH = "/api/what-if";
    static final int DEFAULT_DURATION_MINUTES = 60;

    /** The body as sent; unknown fields are refused, so a misspelt "closure" is not silently a what-if of nothing. */
    record Body(
            List<String> closures, List<WhatIfQuestion.IncidentAt> incidents, String start, Integer durationMinutes) {}

    private WhatIfEndpoint() {}

    static void register(RoutesConfig routes, RouteQueries queries, Admission admission, ObjectMapper json) {
        ObjectReader bodies = json.readerFor(Body.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        routes.post(PATH, admission.limit(ctx -> {
            Body body = read(bodies, ctx.body());
            Long start = body.start() == null ? null : QueryParams.time("start", body.start());
            WhatIfQuestion question = new WhatIfQuestion(
                    body.closures(),
                    body.incidents(),
                    start,
                    body.durationMinutes() == null ? DEFAULT_DURATION_MINUTES : body.durationMinutes());
            WhatIfAnswer answer;
            try {
                answer = queries.whatIf(question);
            } catch (WhatIfRefusal e) {
                throw e.unknownSegment()
                        ? ApiException.notFound(e.getMessage())
                        : ApiException.badRequest(e.getMessage());
            }
            ctx.contentType("application/json").result(Answers.render(json, WhatIfView.of(answer)));
        }));
    }

    private static Body read(ObjectReader bodies, String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest(
                    "the body must be a JSON object such as {\"closures\": [\"N0603-N0604\"], \"durationMinutes\": 60}");
        }
        try {
            Body body = bodies.readValue(text);
            if (body == null) {
                throw ApiException.badRequest("the body must be a JSON object, not null");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not a what-if: " + e.getOriginalMessage());
        }
    }
}
