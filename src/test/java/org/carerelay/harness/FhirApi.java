package org.carerelay.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Plain HTTP against the FHIR API of the app under test, with real partner tokens; bodies parsed with HAPI. */
public final class FhirApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private FhirApi() {
    }

    /** One answer: status, headers and body. */
    public record Reply(int status, java.net.http.HttpHeaders headers, String body) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public <T extends IBaseResource> T resource(Class<T> type) {
            ca.uhn.fhir.parser.IParser parser = FhirValidation.context().newJsonParser();
            return java.lang.reflect.Modifier.isAbstract(type.getModifiers()) ? type.cast(parser.parseResource(body))
                    : parser.parseResource(type, body);
        }

        public OperationOutcome outcome() {
            return resource(OperationOutcome.class);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public static String baseUrl() {
        return Browser.PORTAL_URL + "/fhir/r4";
    }

    /** A GET of {@code path} (from /fhir/r4 on, or an absolute URL) with the partner client's token (null: none). */
    public static Reply get(String client, String path) {
        return get(client, path, Map.of());
    }

    public static Reply get(String client, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : Browser.PORTAL_URL + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/fhir+json");
        if (client != null) {
            request.header("Authorization", "Bearer " + PartnerTokens.token(client));
        }
        headers.forEach(request::header);
        return send(request.GET().build());
    }

    public static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(request.method() + " " + request.uri(), e);
        }
    }

    /** A read that must succeed (200), parsed. */
    public static <T extends IBaseResource> T read(String client, String path, Class<T> type) {
        Reply reply = get(client, path);
        if (reply.status() != 200) {
            throw new AssertionError("GET " + path + " as " + client + ": " + reply);
        }
        return reply.resource(type);
    }
}
