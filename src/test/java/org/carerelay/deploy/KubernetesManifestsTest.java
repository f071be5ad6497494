package org.carerelay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in deploy/kubernetes/ hang together and match the application: every
 * document is a named object; the portal's Deployment is probed, limited, non-root and gets every
 * variable the production profile requires; Service, autoscaler, disruption budget and Ingress point
 * at it; the PostgreSQL clusters are replicated and backed up; Keycloak runs twice at the issuer's
 * hostname; the realm import is exactly the production realm file; and no secret value is committed.
 * Reads files only (no cluster, no network).
 */
class KubernetesManifestsTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final Path DIR = ROOT.resolve("deploy").resolve("kubernetes");
    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CNPG = "postgresql.cnpg.io/v1";
    static final String KEYCLOAK_API = "k8s.keycloak.org/v2alpha1";
    static final String BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";

    /** One YAML document and the file it came from. */
    record Doc(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        JsonNode spec() {
            return node.path("spec");
        }

        @Override
        public String toString() {
            return kind() + "/" + name() + " (" + DIR.relativize(file) + ")";
        }
    }

    static List<Doc> docs;
    static String operationsGuide;

    @BeforeAll
    static void readManifests() throws IOException {
        docs = new ArrayList<>();
        for (Path file : manifestFiles()) {
            try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (documents.hasNext()) {
                    JsonNode node = documents.next();
                    if (node != null && !node.isNull() && !node.isMissingNode()) {
                        docs.add(new Doc(file, node));
                    }
                }
            }
        }
        operationsGuide = Files.readString(ROOT.resolve("docs").resolve("operations.md"));
    }

    static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
    }

    static List<Doc> all(String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    static Doc one(String kind) {
        List<Doc> found = all(kind);
        assertEquals(1, found.size(), "exactly one " + kind + " among the manifests: " + found);
        return found.get(0);
    }

    static Doc named(String kind, String name) {
        return all(kind).stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " among the manifests"));
    }

    static Doc deployment() {
        return one("Deployment");
    }

    static JsonNode podSpec() {
        return deployment().spec().path("template").path("spec");
    }

    static JsonNode portalContainer() {
        JsonNode containers = podSpec().path("containers");
        assertEquals(1, containers.size(), "the portal pod has one container");
        return containers.get(0);
    }

    static Map<String, String> podLabels() {
        return strings(deployment().spec().path("template").path("metadata").path("labels"));
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    static void assertSelects(Map<String, String> selector, Map<String, String> labels, String who) {
        assertFalse(selector.isEmpty(), who + " has a selector");
        selector.forEach((k, v) -> assertEquals(v, labels.get(k), who + " selects " + k + "=" + v + " but the pods carry " + labels));
    }

    static Map<String, String> configMapData(String name) {
        return strings(named("ConfigMap", name).node().path("data"));
    }

    /** The portal's ConfigMap: the one its envFrom names. */
    static Map<String, String> portalConfig() {
        for (JsonNode from : portalContainer().path("envFrom")) {
            if (from.has("configMapRef")) {
                return configMapData(from.path("configMapRef").path("name").asText());
            }
        }
        throw new AssertionError("the portal container takes its configuration from a ConfigMap (envFrom)");
    }

    /** Environment variable name -> Secret name, for the portal container's secretKeyRef entries. */
    static Map<String, String> secretVariables() {
        Map<String, String> bySecret = new TreeMap<>();
        for (JsonNode env : portalContainer().path("env")) {
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                bySecret.put(env.path("name").asText(), ref.path("name").asText());
            }
        }
        return bySecret;
    }

    /** CARERELAY_* variables that application.properties uses without a default outside the %dev/%test profiles. */
    static Set<String> requiredVariables() throws IOException {
        Pattern noDefault = Pattern.compile("\\$\\{(CARERELAY_[A-Z0-9_]+)}");
        Set<String> required = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve("src/main/resources/application.properties"))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.startsWith("%")) {
                continue;
            }
            Matcher m = noDefault.matcher(trimmed);
            while (m.find()) {
                required.add(m.group(1));
            }
        }
        return required;
    }

    @Test
    void everyDocumentIsANamedObject() {
        assertFalse(docs.isEmpty(), "deploy/kubernetes holds manifests");
        Set<String> seen = new HashSet<>();
        for (Doc doc : docs) {
            assertTrue(doc.node().isObject(), doc.file() + ": each document is a mapping");
            assertFalse(doc.node().path("apiVersion").asText().isBlank(), doc + ": apiVersion");
            assertFalse(doc.kind().isBlank(), doc.file() + ": kind");
            assertFalse(doc.name().isBlank(), doc + ": metadata.name");
            String id = doc.node().path("apiVersion").asText() + " " + doc.kind() + " "
                    + doc.node().path("metadata").path("namespace").asText() + "/" + doc.name();
            assertTrue(seen.add(id), "defined twice: " + id);
        }
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        Doc kustomization = one("Kustomization");
        Set<String> listed = new TreeSet<>();
        kustomization.node().path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        for (Path file : manifestFiles()) {
            if (!file.equals(kustomization.file())) {
                files.add(file.getFileName().toString());
            }
        }
        assertEquals(files, listed, "kustomization.yaml lists exactly the manifests in deploy/kubernetes");
    }

    @Test
    void portalRunsSeveralProbedLimitedNonRootInstances() {
        Doc deployment = deployment();
        assertEquals("apps/v1", deployment.node().path("apiVersion").asText());
        assertTrue(deployment.spec().path("replicas").asInt() >= 2, "at least two instances");
        assertSelects(strings(deployment.spec().path("selector").path("matchLabels")), podLabels(), "the Deployment");

        JsonNode container = portalContainer();
        Map<String, Integer> ports = new TreeMap<>();
        for (JsonNode port : container.path("ports")) {
            ports.put(port.path("name").asText(), port.path("containerPort").asInt());
        }
        assertTrue(ports.containsValue(8080), "the portal listens on 8080 (quarkus.http.port)");
        int management = managementPort();
        assertTrue(ports.containsValue(management), "the container declares the management port " + management + ": " + ports);

        // Health answers on the management interface only (quarkus.management.enabled): the probes go there.
        Map<String, String> expectedProbes = Map.of("readinessProbe", "/q/health/ready", "livenessProbe", "/q/health/live",
                "startupProbe", "/q/health/started");
        expectedProbes.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals(path, get.path("path").asText(), probe + " path");
            JsonNode port = get.path("port");
            int probed = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
            assertEquals(management, probed, probe + " probes the management port: " + port);
        });

        JsonNode resources = container.path("resources");
        for (String kind : List.of("cpu", "memory")) {
            assertFalse(resources.path("requests").path(kind).asText().isBlank(), "resources.requests." + kind);
        }
        assertFalse(resources.path("limits").path("memory").asText().isBlank(), "resources.limits.memory");
        assertFalse(resources.path("limits").path("cpu").asText().isBlank(), "resources.limits.cpu");

        boolean nonRoot = podSpec().path("securityContext").path("runAsNonRoot").asBoolean(false)
                || container.path("securityContext").path("runAsNonRoot").asBoolean(false);
        assertTrue(nonRoot, "runAsNonRoot");
        assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true), "no privilege escalation");
    }

    /** The management interface's port as the ConfigMap sets it (CARERELAY_MANAGEMENT_PORT), else the application's default. */
    static int managementPort() {
        return Integer.parseInt(portalConfig().getOrDefault("CARERELAY_MANAGEMENT_PORT", "9001"));
    }

    @Test
    void theIngressNeverReachesHealthOrMetrics() {
        Map<String, Integer> ports = new TreeMap<>();
        portalContainer().path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        int management = managementPort();
        for (JsonNode rule : one("Ingress").spec().path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                JsonNode backend = path.path("backend").path("service");
                Doc service = named("Service", backend.path("name").asText());
                for (JsonNode port : service.spec().path("ports")) {
                    boolean used = backend.path("port").path("name").asText().equals(port.path("name").asText())
                            || backend.path("port").path("number").asInt(-1) == port.path("port").asInt();
                    JsonNode target = port.path("targetPort");
                    int targeted = target.isInt() ? target.asInt() : ports.getOrDefault(target.asText(), -1);
                    assertTrue(!used || targeted != management, "the Ingress sends traffic to the management port through " + service);
                }
            }
        }
    }

    @Test
    void portalGetsEveryRequiredVariableFromTheConfigMapOrASecret() throws IOException {
        Map<String, String> config = portalConfig();
        Map<String, String> secrets = secretVariables();
        Set<String> provided = new TreeSet<>(config.keySet());
        for (JsonNode env : portalContainer().path("env")) {
            provided.add(env.path("name").asText());
        }
        Set<String> missing = new TreeSet<>(requiredVariables());
        missing.removeAll(provided);
        assertTrue(missing.isEmpty(), "the production profile stops without " + missing);

        assertEquals("true", config.get("CARERELAY_SECURE_COOKIES"), "Secure cookies: the portal is served over TLS");
        assertEquals("false", config.getOrDefault("CARERELAY_DEMO_NETWORK", "false"), "never the demo network");
        assertTrue(config.containsKey("CARERELAY_TIME_ZONE"), "the network's time zone is set explicitly");
        for (String key : config.keySet()) {
            assertFalse(key.matches(".*(PASSWORD|SECRET).*"), key + " is a secret: it belongs in a Secret, not the ConfigMap");
        }
        for (JsonNode env : portalContainer().path("env")) {
            String name = env.path("name").asText();
            if (name.matches(".*(PASSWORD|SECRET).*")) {
                assertTrue(env.path("value").isMissingNode(), name + " comes from a Secret, never a literal value");
            }
        }
        for (String variable : List.of("CARERELAY_DB_PASSWORD", "CARERELAY_DB_OWNER_PASSWORD", "CARERELAY_OIDC_CLIENT_SECRET",
                "CARERELAY_SESSION_KEY")) {
            assertTrue(secrets.containsKey(variable), variable + " comes from a Secret");
        }
        // The Secrets are not in git: each one the Deployment reads is a manifest or explained in the operator guide.
        Set<String> secretManifests = new TreeSet<>();
        all("Secret").forEach(s -> secretManifests.add(s.name()));
        for (String secret : new TreeSet<>(secrets.values())) {
            assertTrue(secretManifests.contains(secret) || operationsGuide.contains("`" + secret + "`"),
                    "Secret " + secret + " is described in docs/operations.md");
        }
    }

    @Test
    void serviceAutoscalerAndDisruptionBudgetPointAtThePortal() {
        Doc deployment = deployment();
        Map<String, String> labels = podLabels();
        Doc service = named("Service", deployment.name());
        assertSelects(strings(service.spec().path("selector")), labels, "the Service");
        Set<String> containerPorts = new HashSet<>();
        portalContainer().path("ports").forEach(p -> {
            containerPorts.add(p.path("name").asText());
            containerPorts.add(p.path("containerPort").asText());
        });
        service.spec().path("ports").forEach(p -> assertTrue(containerPorts.contains(p.path("targetPort").asText()),
                "the Service's targetPort " + p.path("targetPort") + " is a port of the container"));

        Doc hpa = one("HorizontalPodAutoscaler");
        assertEquals("autoscaling/v2", hpa.node().path("apiVersion").asText());
        JsonNode target = hpa.spec().path("scaleTargetRef");
        assertEquals("Deployment", target.path("kind").asText());
        assertEquals(deployment.name(), target.path("name").asText(), "the autoscaler scales the portal");
        assertTrue(hpa.spec().path("minReplicas").asInt() >= 2, "never fewer than two instances");
        assertTrue(hpa.spec().path("maxReplicas").asInt() >= hpa.spec().path("minReplicas").asInt());
        boolean cpu = false;
        for (JsonNode metric : hpa.spec().path("metrics")) {
            cpu |= "Resource".equals(metric.path("type").asText()) && "cpu".equals(metric.path("resource").path("name").asText())
                    && metric.path("resource").path("target").path("averageUtilization").asInt() > 0;
        }
        assertTrue(cpu, "the autoscaler has a CPU utilization target");

        Doc pdb = one("PodDisruptionBudget");
        assertSelects(strings(pdb.spec().path("selector").path("matchLabels")), labels, "the PodDisruptionBudget");
    }

    @Test
    void ingressServesThePortalOverTlsAtTheRealmsRedirectHost() throws IOException {
        Doc ingress = one("Ingress");
        Doc service = named("Service", deployment().name());
        Set<String> tlsHosts = new TreeSet<>();
        for (JsonNode tls : ingress.spec().path("tls")) {
            assertFalse(tls.path("secretName").asText().isBlank(), "the TLS entry names its certificate Secret");
            tls.path("hosts").forEach(h -> tlsHosts.add(h.asText()));
        }
        JsonNode rules = ingress.spec().path("rules");
        assertFalse(rules.isEmpty(), "the Ingress has rules");
        JsonNode portalClient = portalClient(realm());
        Set<String> redirects = new TreeSet<>();
        portalClient.path("redirectUris").forEach(u -> redirects.add(u.asText()));
        for (JsonNode rule : rules) {
            String host = rule.path("host").asText();
            assertTrue(tlsHosts.contains(host), host + " is served over TLS");
            assertTrue(redirects.contains("https://" + host + "/*"), "the realm's portal client accepts redirects to https://" + host
                    + "/* (realm/carerelay-realm-production.json has " + redirects + ")");
            for (JsonNode path : rule.path("http").path("paths")) {
                assertEquals(service.name(), path.path("backend").path("service").path("name").asText(), "the Ingress sends to the portal's Service");
            }
        }
        String publicUrl = portalConfig().get("CARERELAY_PUBLIC_URL");
        assertTrue(rules.findValuesAsText("host").stream().anyMatch(host -> ("https://" + host).equals(publicUrl)),
                "CARERELAY_PUBLIC_URL (" + publicUrl + ") is the address the Ingress serves: form posts from it are the only ones accepted");
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

    @Test
    void noSecretValueIsCommitted() {
        for (Doc secret : all("Secret")) {
            for (String field : List.of("data", "stringData")) {
                secret.node().path(field).properties().forEach(e -> assertTrue(e.getValue().isNull() || e.getValue().asText().isEmpty(),
                        secret + ": " + field + "." + e.getKey() + " must be empty in git (a template only)"));
            }
        }
        for (Doc doc : docs) {
            if (!doc.kind().equals("Secret") && !doc.kind().equals("ConfigMap")) {
                continue;
            }
            doc.node().path("data").properties().forEach(e -> {
                if (e.getKey().matches("(?i).*(password|secret|token|private).*")) {
                    fail(doc + " holds a value for " + e.getKey());
                }
            });
        }
    }

    /** The JSON pointer of the first place where the two trees differ (for a readable failure). */
    static String firstDifference(JsonNode expected, JsonNode actual, String at) {
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode e = expected.path(name);
                JsonNode a = actual.path(name);
                if (!e.equals(a)) {
                    return firstDifference(e, a, at + "/" + name.replace("~", "~0").replace("/", "~1"));
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    return firstDifference(expected.get(i), actual.get(i), at + "/" + i);
                }
            }
        }
        return (at.isEmpty() ? "/" : at) + " (expected " + abbreviate(expected) + ", found " + abbreviate(actual) + ")";
    }

    static String abbreviate(JsonNode node) {
        String text = node.isMissingNode() ? "nothing" : node.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    static JsonNode realm() throws IOException {
        return JSON.readTree(ROOT.resolve("realm").resolve("carerelay-realm-production.json").toFile());
    }

    static JsonNode portalClient(JsonNode realm) {
        String clientId = portalConfig().getOrDefault("CARERELAY_OIDC_CLIENT_ID", "carerelay-portal");
        for (JsonNode client : realm.path("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return client;
            }
        }
        throw new AssertionError("the production realm has the client " + clientId);
    }
}
