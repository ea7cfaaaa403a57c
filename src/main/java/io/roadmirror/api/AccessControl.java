package io.roadmirror.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.roadmirror.config.ApiSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may ask what, and on which port. Public routes (/api/*) take one of the configured bearer
 * tokens, when any is configured; health and the map's static files stay open (probes and a page
 * load carry no token). The instance-local routes (/internal/*) take the shared secret the
 * instances present to each other. /metrics takes either. With a separate internal port, the
 * internal routes and /metrics answer only there and the public routes only on the public port.
 * Tokens are compared in constant time and never echoed.
 */
final class AccessControl {
    static final String INTERNAL_PREFIX = "/internal/";
    /** EventSource cannot send headers: /api/stream also takes the token as this query parameter (RFC 6750 §2.3). */
    static final String TOKEN_PARAMETER = "access_token";

    private final List<byte[]> tokens;
    private final Optional<byte[]> secret;
    private final Optional<Integer> internalPort;

    AccessControl(ApiSettings.Auth auth, Optional<Integer> internalPort) {
        this.tokens = auth.tokens().stream()
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.secret = auth.internalSecret().map(s -> s.getBytes(StandardCharsets.UTF_8));
        this.internalPort = internalPort;
    }

    /** A before-handler for every request. */
    void check(Context ctx) {
        if (ctx.method() == HandlerType.OPTIONS) {
            return; // a CORS preflight carries no credentials by design; the answer to it grants nothing
        }
        String path = ctx.path();
        boolean internalRoute = path.startsWith(INTERNAL_PREFIX) || path.equals(OperationsRoutes.METRICS);
        if (internalPort.isPresent() && internalRoute != (ctx.req().getLocalPort() == internalPort.get())) {
            throw ApiException.notFound(path + " is not served on this port");
        }
        if (path.startsWith(INTERNAL_PREFIX)) {
            secret.ifPresent(
                    s -> require(ctx, bearer(ctx), List.of(s), "the instances' shared secret (api.internal.secret)"));
        } else if (path.equals(OperationsRoutes.METRICS)) {
            if (!tokens.isEmpty() || secret.isPresent()) {
                List<byte[]> either = new ArrayList<>(tokens);
                secret.ifPresent(either::add);
                require(ctx, bearer(ctx), either, "an API token or the instances' shared secret");
            }
        } else if (path.startsWith("/api/") && !path.startsWith(OperationsRoutes.HEALTH) && !tokens.isEmpty()) {
            String presented = bearer(ctx);
            if (presented == null && path.equals(ApiServer.STREAM_PATH)) {
                presented = ctx.queryParam(TOKEN_PARAMETER);
            }
            require(ctx, presented, tokens, "an API token");
        }
    }

    private static void require(Context ctx, String presented, List<byte[]> accepted, String what) {
        if (presented == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"roadmirror\"");
            throw ApiException.unauthorized(ctx.path() + " needs " + what + ": send Authorization: Bearer <token>");
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] candidate : accepted) {
            ok |= MessageDigest.isEqual(given, candidate); // no early exit: every candidate costs the same
        }
        if (!ok) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"roadmirror\", error=\"invalid_token\"");
            throw ApiException.unauthorized(ctx.path() + ": the token sent is not " + what);
        }
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
