package org.carerelay.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.HandoverBodies;

/**
 * The hostile-input corpus in src/test/resources/hostile/*.jsonl (format: src/test/scripts/hostile_corpus.py): one
 * request per line, read into {@link Entry}, its body built here from the harness's valid bodies and the line's changes.
 */
final class HostileCorpus {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIR = Path.of("src", "test", "resources", "hostile");
    private static final Pattern GENERATED = Pattern.compile("\\{(repeat|nest|nestobj):(\\d+)(?::([^}]*))?}");

    private HostileCorpus() {
    }

    /** One corpus line. */
    record Entry(String file, int line, JsonNode spec) {

        String name() {
            return spec.path("name").asText();
        }

        String text(String field) {
            JsonNode v = spec.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }

        String area() {
            return file.replace(".jsonl", "");
        }

        @Override
        public String toString() {
            return area() + ": " + name();
        }

        /** Whether the status is one the line allows ("400", "400|404", "4xx"). */
        boolean allows(int status) {
            for (String allowed : text("status").split("\\|")) {
                if (allowed.equals("4xx") ? status / 100 == 4 : allowed.equals(String.valueOf(status))) {
                    return true;
                }
            }
            return false;
        }

        List<String> audit(Map<String, String> values) {
            List<String> out = new ArrayList<>();
            spec.path("audit").forEach(a -> out.add(expand(a.asText(), values)));
            return out;
        }

        Map<String, String> headers(Map<String, String> values) {
            Map<String, String> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = spec.path("headers").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> h = it.next();
                out.put(h.getKey(), h.getValue().asText().equals("@new") ? java.util.UUID.randomUUID().toString()
                        : expand(h.getValue().asText(), values));
            }
            return out;
        }

        Map<String, String> form(Map<String, String> values) {
            Map<String, String> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = spec.path("form").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                out.put(f.getKey(), expand(f.getValue().asText(), values));
            }
            return out;
        }

        /** The body's exact bytes, or null for none. */
        byte[] body(Map<String, String> values) {
            byte[] bytes;
            if (spec.has("base64")) {
                return Base64.getDecoder().decode(spec.get("base64").asText());
            } else if (spec.has("event") || spec.has("handover")) {
                bytes = expand(changed(values), values).getBytes(StandardCharsets.UTF_8);
            } else if (spec.has("fhirTask")) {
                String task = fhirTask();
                Iterator<Map.Entry<String, JsonNode>> it = spec.path("replace").fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> r = it.next();
                    if (!task.contains(r.getKey())) {
                        throw new IllegalStateException(this + ": its replace does not match the Task: " + r.getKey());
                    }
                    task = task.replace(r.getKey(), r.getValue().asText());
                }
                bytes = expand(task, values).getBytes(StandardCharsets.UTF_8);
            } else if (spec.has("text") && !spec.get("text").isNull()) {
                bytes = expand(spec.get("text").asText(), values).getBytes(StandardCharsets.UTF_8);
            } else {
                return null;
            }
            if (spec.has("truncate")) {
                double cut = spec.get("truncate").asDouble();
                bytes = Arrays.copyOf(bytes, cut < 0 ? bytes.length - 1 : (int) (bytes.length * cut));
            }
            return bytes;
        }

        /** A valid event (or handover) with the line's set, raw and remove applied, as JSON text. */
        private String changed(Map<String, String> values) {
            ObjectNode body;
            if (spec.has("event")) {
                body = EventBodies.valid(spec.get("event").asText());
                EventBodies.client(body).put("localId", values.get("localId") + "-" + Math.abs(name().hashCode()));
            } else {
                body = HandoverBodies.handover(ClientBodies.person(values.get("localId") + "-" + Math.abs(name().hashCode()), "Ida",
                        "Corpus" + values.get("suffix"), "1947-01-09"), "2026-11-24", "Fall at home.");
                body.putArray("actionItems").add(HandoverBodies.actionItem("First contact", 24, "eastside-community"));
                body.putArray("followUpNeeds").add("District nurse");
            }
            Iterator<Map.Entry<String, JsonNode>> set = spec.path("set").fields();
            while (set.hasNext()) {
                Map.Entry<String, JsonNode> s = set.next();
                parent(body, s.getKey()).set(leaf(s.getKey()), s.getValue());
            }
            spec.path("remove").forEach(r -> parent(body, r.asText()).remove(leaf(r.asText())));
            Map<String, String> raw = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = spec.path("raw").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> r = it.next();
                String marker = "@@raw" + raw.size() + "@@";
                parent(body, r.getKey()).put(leaf(r.getKey()), marker);
                raw.put("\"" + marker + "\"", r.getValue().asText());
            }
            String text = EventBodies.json(body);
            for (Map.Entry<String, String> r : raw.entrySet()) {
                text = text.replace(r.getKey(), r.getValue());
            }
            return text;
        }

        private static ObjectNode parent(ObjectNode body, String path) {
            int dot = path.indexOf('.');
            return dot < 0 ? body : body.with(path.substring(0, dot));
        }

        private static String leaf(String path) {
            int dot = path.indexOf('.');
            return dot < 0 ? path : path.substring(dot + 1);
        }
    }

    /** Every line of every corpus file, in file order. */
    static List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).isBlank()) {
                        entries.add(new Entry(file.getFileName().toString(), i + 1, JSON.readTree(lines.get(i))));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Known placeholders ({foreign}, {suffix} …) and generated text ({repeat:N:s}, {nest:N}, {nestobj:N}). */
    static String expand(String text, Map<String, String> values) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Map.Entry<String, String> v : values.entrySet()) {
            out = out.replace("{" + v.getKey() + "}", v.getValue());
        }
        Matcher m = GENERATED.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(2));
            String generated = switch (m.group(1)) {
                case "repeat" -> m.group(3).repeat(n);
                case "nest" -> "[".repeat(n) + "]".repeat(n);
                default -> "{\"a\":".repeat(n) + "1" + "}".repeat(n);
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(generated));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A valid FHIR Task of Northgate's (the unknown-element case of the FHIR bad-requests corpus, without its unknown element). */
    static String fhirTask() {
        try (InputStream in = HostileCorpus.class.getResourceAsStream("/fhir/bad-requests/400-unknown-element.task.json")) {
            String task = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String valid = task.replaceAll(",\\s*\"colour\": \"red\"", "").replace("{{", "{").replace("}}", "}");
            if (valid.contains("colour")) {
                throw new IllegalStateException("the FHIR corpus Task changed: " + task);
            }
            return valid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Percent-encodes what a URI may not hold as is (spaces, quotes, angle brackets, non-ASCII), keeping existing escapes. */
    static String uriSafe(String pathAndQuery) {
        StringBuilder out = new StringBuilder();
        for (byte b : pathAndQuery.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean keep = c > 0x20 && c < 0x7f && "\"<>\\^`{|}' ".indexOf(c) < 0;
            out.append(keep ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }
}
