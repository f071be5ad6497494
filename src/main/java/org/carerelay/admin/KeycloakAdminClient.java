package org.carerelay.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.AccessTokenCredential;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Keycloak Admin REST API, called with the signed-in agency admin's own access token. The portal
 * holds no Keycloak privilege of its own here: whatever Keycloak's fine-grained admin permissions
 * refuse this admin (another agency's users, other roles) comes back as a {@link KeycloakRefusal}.
 */
@RequestScoped
public class KeycloakAdminClient {

    /** One user as Keycloak's admin API describes them. */
    public record KcUser(String id, String username, String firstName, String lastName, String email, boolean enabled,
            List<String> requiredActions) {
    }

    /** A realm role mapping (id and name, as the role-mapping endpoints want them back). */
    public record KcRole(String id, String name) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Inject
    AccessTokenCredential accessToken;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String authServerUrl;

    /** …/realms/carerelay becomes …/admin/realms/carerelay. */
    static String adminBase(String authServerUrl) {
        String url = authServerUrl.endsWith("/") ? authServerUrl.substring(0, authServerUrl.length() - 1) : authServerUrl;
        int at = url.lastIndexOf("/realms/");
        if (at < 0) {
            throw new IllegalStateException("quarkus.oidc.auth-server-url does not name a realm: " + authServerUrl);
        }
        return url.substring(0, at) + "/admin" + url.substring(at);
    }

    /** The users Keycloak lets this admin see (for an agency admin: the members of the agency's group). */
    public List<KcUser> users() {
        JsonNode found = send("GET", "/users?briefRepresentation=false&max=500", null);
        return json.convertValue(found, new TypeReference<List<Map<String, Object>>>() {
        }).stream().map(KeycloakAdminClient::toUser).sorted(Comparator.comparing(KcUser::username)).toList();
    }

    public KcUser user(String id) {
        return toUser(json.convertValue(send("GET", "/users/" + segment(id), null), new TypeReference<Map<String, Object>>() {
        }));
    }

    /** Creates the user and returns the new user's id. */
    public String createUser(Map<String, Object> representation) {
        HttpResponse<String> response = exchange("POST", "/users", representation);
        String location = response.headers().firstValue("Location").orElseThrow(
                () -> new KeycloakRefusal(502, "Keycloak created the account but did not say where."));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public void setEnabled(String id, boolean enabled) {
        send("PUT", "/users/" + segment(id), Map.of("enabled", enabled));
    }

    public void resetPassword(String id, String password, boolean temporary) {
        send("PUT", "/users/" + segment(id) + "/reset-password",
                Map.of("type", "password", "value", password, "temporary", temporary));
    }

    /** Realm roles mapped directly to the user. */
    public List<KcRole> realmRoles(String id) {
        return roles(send("GET", "/users/" + segment(id) + "/role-mappings/realm", null));
    }

    /** Realm roles the user has, directly, through groups or through composite roles. */
    public List<KcRole> effectiveRealmRoles(String id) {
        return roles(send("GET", "/users/" + segment(id) + "/role-mappings/realm/composite", null));
    }

    /** Realm roles this admin may still map to the user (Keycloak filters by the admin's permissions). */
    public List<KcRole> availableRealmRoles(String id) {
        return roles(send("GET", "/users/" + segment(id) + "/role-mappings/realm/available", null));
    }

    public void addRealmRole(String id, KcRole role) {
        send("POST", "/users/" + segment(id) + "/role-mappings/realm", List.of(Map.of("id", role.id(), "name", role.name())));
    }

    public void removeRealmRole(String id, KcRole role) {
        send("DELETE", "/users/" + segment(id) + "/role-mappings/realm", List.of(Map.of("id", role.id(), "name", role.name())));
    }

    private List<KcRole> roles(JsonNode node) {
        return json.convertValue(node, new TypeReference<List<Map<String, Object>>>() {
        }).stream().map(r -> new KcRole(String.valueOf(r.get("id")), String.valueOf(r.get("name")))).toList();
    }

    @SuppressWarnings("unchecked")
    private static KcUser toUser(Map<String, Object> u) {
        Object actions = u.get("requiredActions");
        return new KcUser(String.valueOf(u.get("id")), String.valueOf(u.get("username")), text(u.get("firstName")),
                text(u.get("lastName")), text(u.get("email")), Boolean.TRUE.equals(u.get("enabled")),
                actions instanceof List<?> list ? (List<String>) list : List.of());
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, Object body) {
        String text = exchange(method, path, body).body();
        try {
            return text == null || text.isBlank() ? json.nullNode() : json.readTree(text);
        } catch (IOException e) {
            throw new KeycloakRefusal(502, "Keycloak sent an answer CareRelay could not read.");
        }
    }

    private HttpResponse<String> exchange(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminBase(authServerUrl) + path))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + accessToken.getToken())
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new KeycloakRefusal(response.statusCode(), errorMessage(response.body()).orElse(null));
            }
            return response;
        } catch (IOException e) {
            throw new KeycloakRefusal(503, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeycloakRefusal(503, null);
        }
    }

    /** Keycloak's own words, when it gives any ({@code errorMessage} or {@code error_description}). */
    private Optional<String> errorMessage(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            if (node == null) {
                return Optional.empty();
            }
            for (String field : List.of("errorMessage", "error_description")) {
                if (node.hasNonNull(field) && !node.get(field).asText().isBlank()) {
                    return Optional.of(node.get(field).asText());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
