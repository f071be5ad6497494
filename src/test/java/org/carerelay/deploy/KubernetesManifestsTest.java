package org.carerelay.deploy;

import static org.carerelay.deploy.KubernetesManifests.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in deploy/kubernetes/ hang together and match the application: every
 * document is a named object; the portal's Deployment is probed, limited, non-root and gets every
 * variable the production profile requires; Service, autoscaler, disruption budget and Ingress point
 * at it; and no secret value is committed. The PostgreSQL clusters and Keycloak: KubernetesDatabaseAndKeycloakTest.
 * Reads files only (no cluster, no network).
 */
class KubernetesManifestsTest {

    @BeforeAll
    static void readManifests() throws IOException {
        KubernetesManifests.read();
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
}
