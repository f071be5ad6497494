package org.carerelay.deploy;

import static org.carerelay.deploy.KubernetesManifests.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests of what the portal stands on: the PostgreSQL clusters are replicated and backed up and the
 * carerelay database matches the portal's roles; Keycloak runs twice at the issuer's hostname; the realm import is
 * exactly the production realm file. Reads files only (no cluster, no network).
 */
class KubernetesDatabaseAndKeycloakTest {

    @BeforeAll
    static void readManifests() throws IOException {
        KubernetesManifests.read();
    }

    @Test
    void postgresClustersAreReplicatedAndBackedUp() {
        List<Doc> clusters = all("Cluster").stream().filter(c -> c.node().path("apiVersion").asText().equals(CNPG)).toList();
        assertFalse(clusters.isEmpty(), "a CloudNativePG Cluster");
        Set<String> scheduled = new TreeSet<>();
        all("ScheduledBackup").forEach(b -> {
            assertFalse(b.spec().path("schedule").asText().isBlank(), b + " has a schedule");
            scheduled.add(b.spec().path("cluster").path("name").asText());
        });
        Set<String> objectStores = new TreeSet<>();
        all("ObjectStore").forEach(o -> {
            JsonNode configuration = o.spec().path("configuration");
            assertTrue(configuration.path("destinationPath").asText().startsWith("s3://"), o + " writes to S3-compatible storage");
            JsonNode credentials = configuration.path("s3Credentials");
            for (String key : List.of("accessKeyId", "secretAccessKey")) {
                assertFalse(credentials.path(key).path("name").asText().isBlank(), o + ": " + key + " comes from a Secret");
                assertTrue(operationsGuide.contains("`" + credentials.path(key).path("name").asText() + "`"),
                        "the backup credentials' Secret is described in docs/operations.md");
            }
            objectStores.add(o.name());
        });
        for (Doc cluster : clusters) {
            JsonNode spec = cluster.spec();
            assertTrue(spec.path("instances").asInt() >= 2, cluster + ": a primary and at least one replica");
            assertFalse(spec.path("storage").path("size").asText().isBlank(), cluster + ": storage size");
            JsonNode inTree = spec.path("backup").path("barmanObjectStore");
            boolean pluginArchiver = false;
            for (JsonNode plugin : spec.path("plugins")) {
                if (BARMAN_PLUGIN.equals(plugin.path("name").asText()) && plugin.path("isWALArchiver").asBoolean(false)) {
                    String store = plugin.path("parameters").path("barmanObjectName").asText();
                    assertTrue(objectStores.contains(store), cluster + " archives to the ObjectStore " + store + ", which is a manifest");
                    pluginArchiver = true;
                }
            }
            assertTrue(pluginArchiver || !inTree.path("destinationPath").asText().isBlank(), cluster + " archives WAL and takes base backups");
            assertTrue(scheduled.contains(cluster.name()), cluster + " has a ScheduledBackup");
        }
    }

    @Test
    void carerelayDatabaseMatchesThePortalsRoles() {
        Map<String, String> config = portalConfig();
        URI url = URI.create(config.get("CARERELAY_DB_URL").replaceFirst("^jdbc:", ""));
        String host = url.getHost();
        assertTrue(host.endsWith("-rw"), "the portal connects to the primary through CloudNativePG's -rw service: " + host);
        Doc cluster = named("Cluster", host.substring(0, host.length() - "-rw".length()));
        JsonNode initdb = cluster.spec().path("bootstrap").path("initdb");
        assertEquals("carerelay", initdb.path("database").asText());
        assertEquals("/" + initdb.path("database").asText(), url.getPath(), "CARERELAY_DB_URL names the cluster's database");
        assertEquals("carerelay", initdb.path("owner").asText(), "the owner role runs the migrations");

        JsonNode appRole = null;
        for (JsonNode role : cluster.spec().path("managed").path("roles")) {
            if ("carerelay_app".equals(role.path("name").asText())) {
                appRole = role;
            }
        }
        assertNotNull(appRole, "a managed role carerelay_app");
        assertTrue(appRole.path("login").asBoolean(false), "carerelay_app logs in");
        for (String power : List.of("superuser", "createdb", "createrole", "replication", "bypassrls")) {
            assertFalse(appRole.path(power).asBoolean(false), "carerelay_app has no " + power + ": the migrations grant DML only");
        }

        Map<String, String> secrets = secretVariables();
        assertEquals(appRole.path("passwordSecret").path("name").asText(), secrets.get("CARERELAY_DB_PASSWORD"),
                "the portal connects with the managed role's password");
        assertEquals(secrets.get("CARERELAY_DB_PASSWORD"), secrets.get("CARERELAY_DB_USER"));
        String ownerSecret = initdb.path("secret").path("name").asText();
        assertFalse(ownerSecret.isBlank(), "the owner's credentials come from a named Secret");
        assertEquals(ownerSecret, secrets.get("CARERELAY_DB_OWNER_PASSWORD"), "Flyway runs as the cluster's owner");
        assertEquals(ownerSecret, secrets.get("CARERELAY_DB_OWNER_USER"));
    }

    @Test
    void keycloakRunsTwiceAtTheIssuersHostname() throws IOException {
        Doc keycloak = one("Keycloak");
        assertEquals(KEYCLOAK_API, keycloak.node().path("apiVersion").asText());
        JsonNode spec = keycloak.spec();
        assertTrue(spec.path("instances").asInt() >= 2, "two Keycloak instances");
        String hostname = spec.path("hostname").path("hostname").asText();
        assertFalse(hostname.isBlank(), "Keycloak's hostname");
        assertFalse(spec.path("http").path("tlsSecret").asText().isBlank(), "Keycloak serves TLS");

        String base = hostname.contains("://") ? hostname : "https://" + hostname;
        assertTrue(base.startsWith("https://"), "Keycloak's public URL is https: " + base);
        assertEquals(base.replaceAll("/+$", "") + "/realms/" + realm().path("realm").asText(), portalConfig().get("CARERELAY_OIDC_URL"),
                "the portal's CARERELAY_OIDC_URL is the issuer Keycloak puts in its tokens");

        JsonNode db = spec.path("db");
        assertEquals("postgres", db.path("vendor").asText());
        String dbHost = db.path("host").asText();
        assertTrue(dbHost.endsWith("-rw"), "Keycloak connects to a CloudNativePG primary: " + dbHost);
        Doc dbCluster = named("Cluster", dbHost.substring(0, dbHost.length() - "-rw".length()));
        assertEquals(dbCluster.spec().path("bootstrap").path("initdb").path("database").asText(), db.path("database").asText());
        for (String secret : List.of("usernameSecret", "passwordSecret")) {
            assertEquals(dbCluster.name() + "-app", db.path(secret).path("name").asText(),
                    "Keycloak uses the Secret CloudNativePG generates for its database's owner");
        }
    }

    @Test
    void realmImportIsExactlyTheProductionRealm() throws IOException {
        Doc realmImport = one("KeycloakRealmImport");
        assertEquals(KEYCLOAK_API, realmImport.node().path("apiVersion").asText());
        assertEquals(one("Keycloak").name(), realmImport.spec().path("keycloakCRName").asText(), "imported into our Keycloak");
        JsonNode expected = realm();
        JsonNode embedded = realmImport.spec().path("realm");
        assertTrue(expected.equals(embedded), "deploy/kubernetes/keycloak-realm-import.yaml differs from realm/carerelay-realm-production.json at "
                + firstDifference(expected, embedded, "") + ": run deploy/kubernetes/generate-realm-import.sh");
        assertTrue(Files.isExecutable(DIR.resolve("generate-realm-import.sh")), "the generator script is executable");
    }
}
