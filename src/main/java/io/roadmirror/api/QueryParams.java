package io.roadmirror.api;

import io.javalin.http.Context;
import io.roadmirror.advisories.AdvisoryTopology;
import io.roadmirror.model.CongestionLevel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks query parameters; anything wrong is a 400 that names the parameter and says what it takes. */
final class QueryParams {
    private QueryParams() {}

    /** A misspelt parameter would otherwise be ignored silently and the answer look plausible. */
    static void allowOnly(Context ctx, String... names) {
        List<String> allowed = List.of(names);
        for (String given : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(given)) {
                throw ApiException.badRequest("unknown parameter '" + given + "'; " + ctx.path()
                        + (allowed.isEmpty() ? " takes none" : " takes: " + String.join(", ", allowed)));
            }
        }
    }

    /** {@code congestion=CONGESTED,STOPPED} (or repeated); empty = no filter. */
    static Set<CongestionLevel> congestion(Context ctx) {
        Set<CongestionLevel> levels = EnumSet.noneOf(CongestionLevel.class);
        for (String value : ctx.queryParams("congestion")) {
            for (String part : value.split(",")) {
                String name = part.trim().toUpperCase(Locale.ROOT);
                try {
                    levels.add(CongestionLevel.valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(
                            "congestion: '" + part.trim() + "' is not a congestion level; use one or more of "
                                    + Arrays.toString(CongestionLevel.values()).replaceAll("[\\[\\] ]", "")
                                    + ", comma-separated");
                }
            }
        }
        return levels;
    }

    /** {@code since} as an ISO-8601 instant (2026-03-15T08:00:00Z) or epoch milliseconds; null when absent. */
    static Long since(Context ctx) {
        String value = ctx.queryParam("since");
        if (value == null) {
            return null;
        }
        return time("since", value);
    }

    static long time(String name, String value) {
        String text = value.trim();
        try {
            return text.chars().allMatch(Character::isDigit) && !text.isEmpty()
                    ? Long.parseLong(text)
                    : Instant.parse(text).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException.badRequest(name + ": '" + value + "' is not a time; use an ISO-8601 instant such as "
                    + "2026-03-15T08:00:00Z or epoch milliseconds"
                    + (name.equals("before") ? ", or the cursor of a Link rel=\"next\"" : ""));
        }
    }

    /** {@code limit} from 1 to max; the default when absent. */
    static int limit(Context ctx, int defaultLimit, int max) {
        String value = ctx.queryParam("limit");
        if (value == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("limit: '" + value + "' is not a whole number from 1 to " + max);
    }

    /** A non-empty {@code name} parameter, or null when absent. */
    static String nonEmpty(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value != null && value.isBlank()) {
            throw ApiException.badRequest(name + ": must not be empty when given");
        }
        return value == null ? null : value.trim();
    }

    static AdvisoryQuery advisoryQuery(Context ctx) {
        allowOnly(ctx, "since", "segment", "before", "limit");
        return new AdvisoryQuery(
                since(ctx),
                nonEmpty(ctx, "segment"),
                before(ctx),
                limit(ctx, AdvisoryQuery.DEFAULT_LIMIT, AdvisoryQuery.MAX_LIMIT));
    }

    /**
     * {@code before}: the cursor of a page's Link rel="next" (a key of the advisory log), or a time
     * (ISO-8601 or epoch milliseconds): advisories strictly older than it.
     */
    static String before(Context ctx) {
        String value = nonEmpty(ctx, "before");
        if (value == null) {
            return null;
        }
        if (CURSOR.matcher(value).matches()) {
            return value;
        }
        return AdvisoryTopology.logKeyFrom(time("before", value));
    }

    private static final Pattern CURSOR = Pattern.compile("\\d{15}\\|.+\\|.+");
}
