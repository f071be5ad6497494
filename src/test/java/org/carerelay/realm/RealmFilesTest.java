package org.carerelay.realm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The development realm carries the demo network of DEMO-NETWORK.md; the production realm is the
 * same realm without users and secrets. Everything else must stay identical, so a change to one
 * that is not made to the other fails here.
 */
class RealmFilesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final Set<String> CLIENT_KEYS_THAT_MAY_DIFFER = Set.of("secret", "redirectUris", "webOrigins", "rootUrl", "baseUrl", "adminUrl");

    static final Map<String, String> DEMO_USERS = Map.ofEntries(
            Map.entry("nurse.riverside", "riverside-hospital"),
            Map.entry("lead.riverside", "riverside-hospital"),
            Map.entry("responder.eastside", "eastside-community"),
            Map.entry("lead.eastside", "eastside-community"),
            Map.entry("admin.eastside", "eastside-community"),
            Map.entry("privacy.eastside", "eastside-community"),
            Map.entry("clinician.mindbridge", "mindbridge-bh"),
            Map.entry("worker.harbor", "harbor-support"),
            Map.entry("officer.northgate", "northgate-housing"),
            Map.entry("advisor.welfare", "county-welfare"),
            Map.entry("commissioner.county", "county-commissioning"),
            Map.entry("steward.county", "county-commissioning"),
            Map.entry("privacy.riverside", "riverside-hospital"),
            Map.entry("privacy.mindbridge", "mindbridge-bh"),
            Map.entry("privacy.harbor", "harbor-support"),
            Map.entry("privacy.northgate", "northgate-housing"),
            Map.entry("privacy.welfare", "county-welfare"));

    static JsonNode read(String name) throws IOException {
        return JSON.readTree(Files.readString(ROOT.resolve("realm").resolve(name)));
    }

    @Test
    void developmentRealmHoldsTheWholeDemoNetwork() throws IOException {
        JsonNode realm = read("carerelay-realm.json");
        assertEquals("carerelay", realm.get("realm").asText());
        assertTrue(realm.get("organizationsEnabled").asBoolean(), "agencies are Keycloak organizations");

        Set<String> roles = new TreeSet<>();
        realm.at("/roles/realm").forEach(r -> roles.add(r.get("name").asText()));
        assertTrue(roles.containsAll(List.of("frontline", "team-lead", "agency-admin", "privacy-officer", "commissioner", "identity-steward")), roles.toString());

        Set<String> organizations = new TreeSet<>();
        realm.get("organizations").forEach(o -> organizations.add(o.get("alias").asText()));
        Set<String> groups = new TreeSet<>();
        realm.get("groups").forEach(g -> groups.add(g.get("name").asText()));
        Set<String> agencies = new TreeSet<>(DEMO_USERS.values());
        assertEquals(agencies, organizations, "one organization per agency");
        assertTrue(groups.containsAll(agencies), "each agency mirrored by a group: " + groups);

        Map<String, JsonNode> users = new HashMap<>();
        realm.get("users").forEach(u -> users.put(u.get("username").asText(), u));
        DEMO_USERS.forEach((username, agency) -> {
            JsonNode user = users.get(username);
            assertTrue(user != null, username + " is in the realm");
            assertEquals(agency, user.at("/attributes/agency/0").asText(), username + "'s agency");
            assertEquals("demo", user.at("/credentials/0/value").asText(), username + "'s password is the demo one");
        });
        for (String client : List.of("ingest-riverside-hospital", "ingest-mindbridge-bh", "ingest-northgate-housing", "ingest-county-welfare")) {
            JsonNode found = findClient(realm, client);
            assertTrue(found.get("serviceAccountsEnabled").asBoolean(), client + " uses client credentials");
            assertEquals("demo-secret", found.get("secret").asText());
        }
        for (String agency : List.of("riverside-hospital", "eastside-community", "mindbridge-bh", "harbor-support", "northgate-housing", "county-welfare")) {
            JsonNode found = findClient(realm, "audit-" + agency);
            assertTrue(found.get("serviceAccountsEnabled").asBoolean(), "audit-" + agency + " uses client credentials");
            List<String> mapped = new java.util.ArrayList<>();
            found.get("protocolMappers").forEach(m -> {
                if (m.get("protocolMapper").asText().equals("oidc-hardcoded-role-mapper")) {
                    mapped.add(m.at("/config/role").asText());
                }
                if (m.get("protocolMapper").asText().equals("oidc-hardcoded-claim-mapper")) {
                    assertEquals(agency, m.at("/config/claim.value").asText(), "audit-" + agency + "'s tokens name its agency");
                }
            });
            assertEquals(List.of("audit-reader"), mapped, "an audit client reads the audit trail and nothing else");
        }
        assertEquals("S256", findClient(realm, "carerelay-portal").at("/attributes/pkce.code.challenge.method").asText());
        boolean groupsInToken = false;
        for (JsonNode scope : realm.get("clientScopes")) {
            if (scope.get("name").asText().equals("agency")) {
                for (JsonNode mapper : scope.get("protocolMappers")) {
                    groupsInToken |= mapper.get("protocolMapper").asText().equals("oidc-group-membership-mapper")
                            && mapper.at("/config/claim.name").asText().equals("agency_groups");
                }
            }
        }
        assertTrue(groupsInToken, "tokens carry the agency group membership that backs the agency claim");
    }

    @Test
    void productionRealmIsTheDevelopmentRealmWithoutUsersOrSecrets() throws IOException {
        JsonNode production = read("carerelay-realm-production.json");
        String raw = Files.readString(ROOT.resolve("realm/carerelay-realm-production.json"));
        assertFalse(raw.contains("demo-secret"), "no demo secret in the production realm");
        assertFalse(production.has("users") && production.get("users").size() > 0, "no users in the production realm");
        production.findValues("credentials").forEach(c -> assertEquals(0, c.size(), "no credentials"));
        production.findValues("secret").forEach(s -> fail("no client secret in the production realm"));
        assertTrue(production.get("bruteForceProtected").asBoolean(), "brute-force protection on in production");

        List<String> differences = new java.util.ArrayList<>();
        diff(comparable(read("carerelay-realm.json")), comparable(production), "", differences);
        assertEquals(List.of(), differences,
                "the realms may differ only in users (and organization members), secrets, redirect addresses, brute-force and SSL settings");
    }

    /**
     * Agency admins are scoped by Keycloak's fine-grained admin permissions v2: the admins of an agency
     * (members of /agency-admins/<slug>) get view, view-members, manage-members and manage-membership
     * on that agency's group and nothing else; the agency-admin role carries only query-users and
     * query-groups. The permissions name groups and roles by id, so those ids are fixed in the file.
     */
    @Test
    void agencyAdminsAreScopedToTheirAgencyGroupByKeycloak() throws IOException {
        JsonNode realm = read("carerelay-realm.json");
        JsonNode agencyAdmin = null;
        for (JsonNode role : realm.at("/roles/realm")) {
            if (role.get("name").asText().equals("agency-admin")) {
                agencyAdmin = role;
            }
        }
        assertEquals(JSON.readTree("{\"realm-management\":[\"query-groups\",\"query-users\"]}"), agencyAdmin.at("/composites/client"),
                "agency-admin carries only query-users and query-groups");

        Map<String, String> groupIds = new HashMap<>();
        realm.get("groups").forEach(g -> groupIds.put(g.get("path").asText(), g.path("id").asText(null)));
        JsonNode admins = null;
        for (JsonNode group : realm.get("groups")) {
            if (group.get("name").asText().equals("agency-admins")) {
                admins = group;
            }
        }
        assertEquals(List.of("agency-admin"), JSON.convertValue(admins.get("realmRoles"), List.class));

        JsonNode authz = findClient(realm, "admin-permissions").get("authorizationSettings");
        Map<String, JsonNode> policies = new HashMap<>();
        authz.get("policies").forEach(p -> policies.put(p.get("name").asText(), p));
        for (String agency : new TreeSet<>(DEMO_USERS.values())) {
            String groupId = groupIds.get("/" + agency);
            assertTrue(groupId != null && !groupId.isBlank(), "/" + agency + " has a fixed id");
            JsonNode permission = policies.get("agency admins manage " + agency + " users");
            assertTrue(permission != null, "a Groups permission for " + agency);
            assertEquals("Groups", permission.at("/config/defaultResourceType").asText());
            assertEquals(List.of(groupId), JSON.readValue(permission.at("/config/resources").asText(), List.class));
            assertEquals(Set.of("view", "view-members", "manage-members", "manage-membership"),
                    Set.copyOf(JSON.readValue(permission.at("/config/scopes").asText(), List.class)));
            assertEquals(List.of("agency admins of " + agency), JSON.readValue(permission.at("/config/applyPolicies").asText(), List.class));
            assertTrue(policies.get("agency admins of " + agency).at("/config/groups").asText().contains("\"/agency-admins/" + agency + "\""));
        }
        JsonNode roles = policies.get("agency admins grant frontline and team-lead");
        assertEquals(List.of("map-role"), JSON.readValue(roles.at("/config/scopes").asText(), List.class));
        Set<String> grantable = new TreeSet<>();
        realm.at("/roles/realm").forEach(r -> {
            if (Set.of("frontline", "team-lead").contains(r.get("name").asText())) {
                grantable.add(r.path("id").asText());
            }
        });
        assertEquals(grantable, new TreeSet<>(JSON.readValue(roles.at("/config/resources").asText(), List.class)),
                "agency admins may grant frontline and team-lead only (by their fixed ids)");
    }

    private static void fail(String message) {
        org.junit.jupiter.api.Assertions.fail(message);
    }

    static JsonNode findClient(JsonNode realm, String clientId) {
        for (JsonNode client : realm.get("clients")) {
            if (client.get("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    /** JSON pointers where the two trees differ (arrays compared by position). */
    static void diff(JsonNode a, JsonNode b, String at, List<String> out) {
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!a.has(name) || !b.has(name)) {
                    out.add(at + "/" + name + (a.has(name) ? " only in development" : " only in production"));
                } else {
                    diff(a.get(name), b.get(name), at + "/" + name, out);
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(a.get(i), b.get(i), at + "/" + i, out);
            }
        } else if (!a.equals(b)) {
            out.add(at);
        }
    }

    static JsonNode comparable(JsonNode realm) {
        ObjectNode copy = realm.deepCopy();
        copy.remove(List.of("users", "bruteForceProtected", "sslRequired"));
        copy.get("organizations").forEach(organization -> ((ObjectNode) organization).remove("members"));
        copy.get("clients").forEach(client -> {
            ((ObjectNode) client).remove(CLIENT_KEYS_THAT_MAY_DIFFER);
            if (client.has("attributes")) {
                ((ObjectNode) client.get("attributes")).remove("post.logout.redirect.uris");
            }
        });
        return copy;
    }
}
