package io.roadmirror.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** Writes JSON answers with an ETag, and answers 304 Not Modified to a client that already has them. */
final class Answers {
    private Answers() {}

    /** A cached answer, gzipped when the client takes it, written here so the bytes are never copied per request. */
    static void send(Context ctx, CachedAnswer answer) throws IOException {
        if (notModified(ctx, answer.etag())) {
            return;
        }
        boolean gzip = acceptsGzip(ctx.header("Accept-Encoding"));
        byte[] body = gzip ? answer.gzip() : answer.json();
        HttpServletResponse response = ctx.res();
        response.setStatus(200);
        response.setContentType(answer.contentType());
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setContentLength(body.length);
        OutputStream out = response.getOutputStream();
        out.write(body);
        out.flush();
    }

    /** A small answer, rendered per request; its ETag is a digest of its bytes. */
    static void json(Context ctx, ObjectMapper json, Object value) {
        byte[] bytes = render(json, value);
        if (!notModified(ctx, "W/\"" + digest(bytes) + "\"")) {
            ctx.contentType("application/json").result(bytes);
        }
    }

    static byte[] render(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Sets the validators; true (and a 304 set) when the client's If-None-Match names this answer. */
    private static boolean notModified(Context ctx, String etag) {
        ctx.header("ETag", etag);
        ctx.header(
                "Cache-Control",
                "no-cache"); // may be stored, but asked again each time: with If-None-Match, that is a 304
        ctx.header("Vary", "Accept-Encoding");
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            ctx.status(304);
            return true;
        }
        return false;
    }

    /** Weak comparison (RFC 9110 §13.1.2): a list of tags, or *. */
    static boolean matches(String ifNoneMatch, String etag) {
        String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .anyMatch(tag -> tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(opaque));
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] codingAndParams = part.trim().split(";");
            if (codingAndParams[0].trim().equalsIgnoreCase("gzip")) {
                return !(codingAndParams.length > 1
                        && codingAndParams[1].replace(" ", "").matches("q=0(\\.0*)?"));
            }
        }
        return false;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
