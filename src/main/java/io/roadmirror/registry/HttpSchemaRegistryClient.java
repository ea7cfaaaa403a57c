package io.roadmirror.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roadmirror.config.RegistrySettings;
import io.roadmirror.config.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;

/**
 * Client for the Confluent Schema Registry REST API (also served by Apicurio's ccompat API,
 * Karapace and Redpanda), on the JDK's HTTP client. Basic auth or a bearer token, TLS through the
 * JVM truststore or a configured one, a client certificate for mutual TLS, several base URLs tried
 * in order, bounded retries of connection failures and 5xx answers, and bounded caches of
 * everything immutable. Credentials go over https only (unless explicitly allowed), never follow
 * a redirect, and never appear in a message.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final int MAX_ROUNDS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final List<URI> baseUrls;
    private final Optional<RegistryCredentials> credentials;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    private final BoundedCache<Integer, Schema> schemasById;
    /** subject + canonical schema text → id; a registered schema's id never changes. */
    private final BoundedCache<String, Integer> idsBySubjectAndSchema;

    public HttpSchemaRegistryClient(RegistrySettings settings) {
        this(
                settings.urls(),
                RegistryCredentials.of(settings),
                settings.allowInsecureAuth(),
                settings.cacheCapacity(),
                settings.timeout(),
                RegistryTls.context(settings.tls()));
    }

    public HttpSchemaRegistryClient(
            List<URI> baseUrls,
            Optional<String> basicAuthUserInfo,
            int cacheCapacity,
            Duration timeout,
            SSLContext sslContext) {
        this(baseUrls, basicAuthUserInfo.map(RegistryCredentials::basic), false, cacheCapacity, timeout, sslContext);
    }

    /**
     * @param allowInsecureAuth whether credentials may go over plain http (schema.registry.allow-insecure-auth)
     * @throws IllegalArgumentException when credentials would go over plain http and that is not allowed
     */
    public HttpSchemaRegistryClient(
            List<URI> baseUrls,
            Optional<RegistryCredentials> credentials,
            boolean allowInsecureAuth,
            int cacheCapacity,
            Duration timeout,
            SSLContext sslContext) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is needed");
        }
        // user:password@ in a URL are credentials like any others, and never part of what is printed.
        Optional<RegistryCredentials> fromUrl = baseUrls.stream()
                .map(URI::getRawUserInfo)
                .filter(Objects::nonNull)
                .findFirst()
                .map(info -> RegistryCredentials.basic(URLDecoder.decode(info, StandardCharsets.UTF_8)));
        this.credentials = credentials.or(() -> fromUrl);
        this.baseUrls = baseUrls.stream()
                .map(Secrets::withoutUserInfo)
                .map(HttpSchemaRegistryClient::withoutTrailingSlash)
                .toList();
        if (this.credentials.isPresent() && !allowInsecureAuth) {
            this.baseUrls.stream()
                    .filter(u -> "http".equalsIgnoreCase(u.getScheme()))
                    .findFirst()
                    .ifPresent(plain -> {
                        throw new IllegalArgumentException(
                                "refusing to send schema registry credentials over plain http to " + plain
                                        + ": use an https URL, or set schema.registry.allow-insecure-auth=true if the network is trusted");
                    });
        }
        this.timeout = timeout;
        // A redirect would carry the Authorization header to wherever it points: with credentials, none is followed.
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .sslContext(sslContext)
                .followRedirects(this.credentials.isPresent() ? HttpClient.Redirect.NEVER : HttpClient.Redirect.NORMAL)
                .build();
        this.schemasById = new BoundedCache<>(cacheCapacity);
        this.idsBySubjectAndSchema = new BoundedCache<>(cacheCapacity);
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }

    // --- API ---------------------------------------------------------------------------------------

    @Override
    public int register(String subject, Schema schema) {
        String cacheKey = subject + '\u0000' + schema.toString();
        Integer cached = idsBySubjectAndSchema.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        JsonNode answer;
        try {
            answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), subject);
        } catch (RegistryException e) {
            if (!e.isIncompatible()) {
                throw e;
            }
            // Apicurio answers 409 "already exists" to the loser of two registrations that create the same subject at
            // once (two instances starting, two tests): if the schema is in fact there now, that is its id.
            Optional<RegisteredSchema> there = lookup(subject, schema);
            if (there.isPresent()) {
                return there.get().id();
            }
            throw e;
        }
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new RegistryException(
                    200, 50000, "registry answered register(" + subject + ") without an id: " + answer);
        }
        idsBySubjectAndSchema.put(cacheKey, id);
        schemasById.put(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, key -> {
            JsonNode answer = send("GET", "/schemas/ids/" + key, null, null);
            String type = answer.path("schemaType").asText("AVRO");
            if (!type.equalsIgnoreCase("AVRO")) {
                // The registry works; the id names a Protobuf or JSON schema, which no Avro reader can use.
                throw new RegistryException(
                        200,
                        RegistryException.INVALID_SCHEMA,
                        "schema id " + key + " is a " + type + " schema, not Avro");
            }
            return parseSchema(answer.path("schema").asText(), "schema id " + key);
        });
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        try {
            JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema), subject);
            RegisteredSchema found = new RegisteredSchema(
                    subject, answer.path("id").asInt(), answer.path("version").asInt(), schema);
            idsBySubjectAndSchema.put(subject + '\u0000' + schema.toString(), found.id());
            return Optional.of(found);
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null, subject);
        int id = answer.path("id").asInt();
        Schema schema = parseSchema(answer.path("schema").asText(), "subject " + subject);
        schemasById.put(id, schema);
        return new RegisteredSchema(subject, id, answer.path("version").asInt(), schema);
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = send("GET", "/subjects", null, null);
        List<String> subjects = new ArrayList<>();
        answer.forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = send(
                    "POST",
                    "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema),
                    subject);
            return answer.path("is_compatible").asBoolean(false);
        } catch (RegistryException e) {
            if (e.errorCode() == RegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == RegistryException.VERSION_NOT_FOUND) {
                return true; // nothing registered yet: anything is compatible
            }
            throw e;
        }
    }

    @Override
    public Optional<Compatibility> subjectCompatibility(String subject) {
        try {
            JsonNode answer = send("GET", "/config/" + encode(subject) + "?defaultToGlobal=false", null, subject);
            return compatibilityOf(answer);
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Compatibility globalCompatibility() {
        return compatibilityOf(send("GET", "/config", null, null))
                .orElseThrow(() -> new RegistryException(
                        200, 50000, "registry answered GET /config without a compatibility level"));
    }

    @Override
    public void setSubjectCompatibility(String subject, Compatibility level) {
        send("PUT", "/config/" + encode(subject), compatibilityBody(level), subject);
    }

    @Override
    public void setGlobalCompatibility(Compatibility level) {
        send("PUT", "/config", compatibilityBody(level), null);
    }

    // --- plumbing ----------------------------------------------------------------------------------

    private String schemaBody(Schema schema) {
        ObjectNode body = json.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private String compatibilityBody(Compatibility level) {
        ObjectNode body = json.createObjectNode();
        body.put("compatibility", level.name());
        return body.toString();
    }

    private static Optional<Compatibility> compatibilityOf(JsonNode answer) {
        String level = answer.path("compatibilityLevel")
                .asText(answer.path("compatibility").asText(""));
        if (level.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Compatibility.valueOf(level.toUpperCase(Locale.ROOT)));
    }

    private static Schema parseSchema(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new RegistryException(
                    200,
                    RegistryException.INVALID_SCHEMA,
                    "the registry returned a schema for " + what + " that is not valid Avro: " + e.getMessage(),
                    e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends one request, trying each base URL in turn, with a few rounds of backoff on failures that may pass. */
    private JsonNode send(String method, String path, String body, String subject) {
        RegistryUnavailableException lastFailure = null;
        Duration backoff = FIRST_BACKOFF;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            for (URI base : baseUrls) {
                try {
                    return sendOnce(base, method, path, body, subject);
                } catch (RegistryUnavailableException e) {
                    lastFailure = e;
                }
            }
            if (round < MAX_ROUNDS - 1) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw Objects.requireNonNull(lastFailure);
    }

    private JsonNode sendOnce(URI base, String method, String path, String body, String subject) {
        URI uri = URI.create(base + path);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", ACCEPT);
        credentials.ifPresent(value -> request.header("Authorization", value.header()));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RegistryUnavailableException(
                    0,
                    "cannot reach the schema registry at " + base + " (" + describe(e)
                            + "); is it running? Check schema.registry.url (--schema-registry-url).",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException(0, "interrupted while calling the schema registry at " + base, e);
        }
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new RegistryException(
                    status,
                    status,
                    "the schema registry at " + base + " redirects " + method + " " + uri.getPath()
                            + " to "
                            + Secrets.withoutUrlCredentials(
                                    response.headers().firstValue("Location").orElse("(no Location)"))
                            + "; it is not followed (never with credentials, never from https to http): "
                            + "set schema.registry.url to the address it redirects to");
        }
        JsonNode answer = readJson(response.body());
        if (status >= 200 && status < 300) {
            return answer;
        }
        int errorCode = answer.path("error_code").asInt(status);
        String registryMessage = answer.path("message").asText(response.body());
        String what = method + " " + uri.getPath();
        // 408 and 429 (a registry that sheds load, as hosted ones do) pass by themselves, like a 5xx: retried, and
        // never taken for an answer about the data.
        if (status >= 500 || status == 408 || status == 429) {
            throw new RegistryUnavailableException(
                    status,
                    "schema registry error " + errorCode + " on " + what + ": " + registryMessage
                            + "; retry later or check the registry's logs",
                    null);
        }
        String message = "schema registry refused " + what + " (HTTP " + status + ", error_code " + errorCode + "): "
                + registryMessage + hint(status, errorCode, subject);
        if (RegistryRefusedException.isRefusal(status, errorCode)) {
            throw new RegistryRefusedException(status, errorCode, message);
        }
        throw new RegistryException(status, errorCode, message);
    }

    private static String hint(int status, int errorCode, String subject) {
        if (status == 401 || status == 403) {
            return ". Check the credentials in schema.registry.basic.auth.user.info (--schema-registry-user-info) or "
                    + "schema.registry.bearer.auth.token, and the client certificate if the registry requires one.";
        }
        if (status == 404 && RegistryRefusedException.isRefusal(status, errorCode)) {
            return ". This is not a schema registry API: check the path in schema.registry.url (Apicurio: .../apis/ccompat/v7).";
        }
        return switch (errorCode) {
            case RegistryException.SUBJECT_NOT_FOUND ->
                ". Subject " + subject
                        + " is not registered: run `roadmirror register-schemas` or enable schema.registry.auto.register.";
            case RegistryException.SCHEMA_NOT_FOUND ->
                ". This registry does not know the schema: was the data written against another registry?";
            case RegistryException.INCOMPATIBLE_SCHEMA ->
                ". The new schema breaks the subject's compatibility rule"
                        + (subject == null ? "" : " for " + subject)
                        + ": add fields only with defaults and never remove or retype a field (BACKWARD).";
            case RegistryException.INVALID_SCHEMA -> ". The schema is not valid Avro.";
            default -> "";
        };
    }

    private JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode().put("message", body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
