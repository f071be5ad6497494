package org.carerelay.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Talks to the Keycloak Admin REST API as the local bootstrap admin, to set up people the demo
 * network does not have (e.g. an account without an agency). Test use only.
 */
public final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String ADMIN_URL = LocalStack.KEYCLOAK_URL + "/admin/realms/carerelay";

    private KeycloakAdmin() {
    }

    /** Creates (or recreates) an enabled user with password "demo" and the given attributes; returns its id. */
    public static String createUser(String username, Map<String, List<String>> attributes) {
        deleteUser(username);
        Map<String, Object> user = Map.of(
                "username", username, "enabled", true, "emailVerified", true,
                "firstName", "Test", "lastName", username, "email", username + "@example.org",
                "attributes", attributes,
                "credentials", List.of(Map.of("type", "password", "value", DemoUsers.PASSWORD, "temporary", false)));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(user))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating " + username + " failed: " + created.statusCode() + " " + created.body());
        }
        return userId(username);
    }

    public static void deleteUser(String username) {
        String id = userId(username);
        if (id != null) {
            send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/users/" + id)).DELETE());
        }
    }

    public static String userId(String username) {
        HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(
                ADMIN_URL + "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8))).GET());
        JsonNode users = read(found.body());
        return users.isArray() && users.size() > 0 ? users.get(0).get("id").asText() : null;
    }

    /** The user as the admin API shows it to the bootstrap admin, or null. */
    public static JsonNode user(String username) {
        String id = userId(username);
        return id == null ? null : read(send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/users/" + id)).GET()).body());
    }

    /** Makes the user a member of the group at this path (e.g. "/harbor-support", an agency's group). */
    public static void joinGroup(String username, String path) {
        JsonNode group = read(send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/group-by-path" + path)).GET()).body());
        send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/users/" + userId(username) + "/groups/" + group.get("id").asText()))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** Maps the realm role (e.g. "agency-admin") to the user. */
    public static void grantRealmRole(String username, String role) {
        String representation = send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/roles/" + role)).GET()).body();
        send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/users/" + userId(username) + "/role-mappings/realm"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[" + representation + "]")));
    }

    /** Names of the realm roles mapped directly to the user. */
    public static List<String> realmRoleNames(String username) {
        JsonNode roles = read(send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/users/" + userId(username) + "/role-mappings/realm")).GET()).body());
        List<String> names = new java.util.ArrayList<>();
        roles.forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    /** Paths of the groups the user is a direct member of. */
    public static List<String> groupPaths(String username) {
        JsonNode groups = read(send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/users/" + userId(username) + "/groups")).GET()).body());
        List<String> paths = new java.util.ArrayList<>();
        groups.forEach(g -> paths.add(g.get("path").asText()));
        return paths;
    }

    /**
     * Creates a public client that allows the password grant, so a test can obtain a realm user's own
     * access token without a browser. Delete it with {@link #deleteClient} when done.
     */
    public static void createPasswordGrantClient(String clientId) {
        createPasswordGrantClient(clientId, Map.of());
    }

    /**
     * As {@link #createPasswordGrantClient(String)}, with client attributes, e.g. {@code access.token.lifespan}
     * (seconds) for tokens that expire within a test.
     */
    public static void createPasswordGrantClient(String clientId, Map<String, String> attributes) {
        deleteClient(clientId);
        Map<String, Object> client = Map.of("clientId", clientId, "enabled", true, "publicClient", true,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", true, "protocol", "openid-connect",
                "attributes", attributes);
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/clients"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(client))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating client " + clientId + " failed: " + created.statusCode() + " " + created.body());
        }
    }

    public static void deleteClient(String clientId) {
        JsonNode found = read(send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/clients?clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8))).GET()).body());
        if (found.isArray()) {
            found.forEach(c -> send(HttpRequest.newBuilder(URI.create(ADMIN_URL + "/clients/" + c.get("id").asText())).DELETE()));
        }
    }

    /** A user's own access token from the password grant of a client made by {@link #createPasswordGrantClient}. */
    public static String passwordGrantToken(String clientId, String username, String password) {
        String form = "grant_type=password&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.REALM_URL + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token for " + username + ": " + response.statusCode() + " " + response.body());
            }
            return read(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String adminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password="
                + URLEncoder.encode(System.getenv().getOrDefault("CARERELAY_KEYCLOAK_ADMIN_PASSWORD", "admin"), StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                    LocalStack.KEYCLOAK_URL + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak admin login failed: " + response.statusCode() + " " + response.body());
            }
            return read(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.header("Authorization", "Bearer " + adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
