package org.carerelay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Kubernetes manifests in deploy/kubernetes/ as YAML documents, and what the manifest tests look up in them. Reads files only. */
final class KubernetesManifests {

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

    private KubernetesManifests() {
    }

    /** Reads every manifest and the operations guide (once per test class, in its @BeforeAll). */
    static void read() throws IOException {
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

    /** The management interface's port as the ConfigMap sets it (CARERELAY_MANAGEMENT_PORT), else the application's default. */
    static int managementPort() {
        return Integer.parseInt(portalConfig().getOrDefault("CARERELAY_MANAGEMENT_PORT", "9001"));
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
