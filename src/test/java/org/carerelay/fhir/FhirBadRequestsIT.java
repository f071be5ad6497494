package org.carerelay.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.FhirApi;
import org.carerelay.harness.FhirValidation;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.EventBodies;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of bad FHIR writes in {@code src/test/resources/fhir/bad-requests}: one request per
 * file, named {@code {status}-{what}.{kind}.json} (kind: task = POST /fhir/r4/Task, bundle = POST
 * /fhir/r4, patch = FHIRPath Patch, jsonpatch = JSON Patch, put = PUT of the Task), with an optional
 * {@code .properties} sidecar (client, content-type, path, header.X). Each answers an
 * OperationOutcome with the expected status, one issue per problem, and stores nothing. Posts are
 * Northgate's; patches are County Welfare's on a new delivery of its own.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirBadRequestsIT {

    static final String DIR = "/fhir/bad-requests";

    final Map<String, String> values = new HashMap<>();

    @BeforeAll
    void setUp() {
        PartnerPosts.Shared ours = PartnerPosts.event(PartnerTokens.NORTHGATE, EventBodies.valid("HOUSING_INSTABILITY_ALERT"));
        PartnerPosts.Shared theirs = PartnerPosts.event(PartnerTokens.RIVERSIDE, EventBodies.valid("SYMPTOM_DETERIORATION"));
        String localId = EventBodies.newLocalId();
        values.put("localId", localId);
        values.put("suffix", lettersOf(localId));
        values.put("anHourAgo", EventBodies.anHourAgo().toString());
        values.put("task", String.valueOf(ours.delivery("county-welfare")));
        values.put("otherTask", String.valueOf(ours.delivery("harbor-support")));
        values.put("foreignClient", String.valueOf(theirs.clientId()));
    }

    /** Eight letters for a unique name, one per hex digit of the id (a UUID can hold fewer than eight letters). */
    static String lettersOf(String localId) {
        String hex = localId.replaceAll("[^0-9a-f]", "");
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            letters.append((char) ('a' + Character.digit(hex.charAt(i), 16)));
        }
        return letters.toString();
    }

    static Stream<String> corpus() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(Path.of(FhirBadRequestsIT.class.getResource(DIR).toURI()))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
            assertTrue(names.size() >= 30, "at least 30 bad requests: " + names.size());
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aBadRequestAnswersAnOperationOutcomeAndStoresNothing(String file) throws IOException {
        int expected = Integer.parseInt(file.substring(0, 3));
        String kind = file.substring(file.indexOf('.') + 1, file.length() - ".json".length());
        Properties props = new Properties();
        try (InputStream in = getClass().getResourceAsStream(DIR + "/" + file.substring(0, file.length() - ".json".length()) + ".properties")) {
            if (in != null) {
                props.load(in);
            }
        }
        boolean patching = !kind.equals("task") && !kind.equals("bundle");
        String client = props.getProperty("client", patching ? PartnerTokens.WELFARE : PartnerTokens.NORTHGATE);
        String path = fill(props.getProperty("path", switch (kind) {
            case "task" -> "/fhir/r4/Task";
            case "bundle" -> "/fhir/r4";
            default -> "/fhir/r4/Task/{{task}}";
        }));
        String method = switch (kind) {
            case "task", "bundle" -> "POST";
            case "put" -> "PUT";
            default -> "PATCH";
        };
        String contentType = props.getProperty("content-type", kind.equals("jsonpatch") ? "application/json-patch+json" : "application/fhir+json");
        Map<String, String> headers = new HashMap<>();
        props.stringPropertyNames().stream().filter(k -> k.startsWith("header.")).forEach(k -> headers.put(k.substring(7), fill(props.getProperty(k))));
        String body;
        try (InputStream in = getClass().getResourceAsStream(DIR + "/" + file)) {
            body = fill(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        long stored = TestDatabase.storedRows();
        long events = TestDatabase.number("SELECT count(*) FROM shared_event");
        FhirApi.Reply reply = FhirEvents.send(client, method, path, contentType, body, headers);

        assertEquals(expected, reply.status(), () -> file + ": " + reply);
        assertTrue(reply.header("Content-Type").startsWith("application/fhir+json"), reply::toString);
        OperationOutcome outcome = reply.outcome();
        FhirValidation.assertValid(outcome);
        assertTrue(outcome.hasIssue(), reply::toString);
        assertTrue(outcome.getIssue().stream().allMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR), reply::toString);
        if (expected >= 403 && expected != 404 && expected != 415 || file.contains("unknown-element") || file.contains("missing-intent")) {
            assertTrue(outcome.getIssue().stream().allMatch(i -> i.hasExpression()), () -> "every issue names its FHIRPath: " + reply);
        }
        assertEquals(stored, TestDatabase.storedRows(), "nothing stored: " + file);
        assertEquals(events, TestDatabase.number("SELECT count(*) FROM shared_event"), "no event: " + file);
        if (patching && expected != 400 && expected != 415) {
            assertEquals(1, TestDatabase.number("SELECT count(*) FROM delivery WHERE id = ? AND state = 'new'", Long.parseLong(values.get("task"))),
                    "the Task is unchanged");
        }
    }

    private String fill(String text) {
        String filled = text;
        for (Map.Entry<String, String> v : values.entrySet()) {
            filled = filled.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        return filled;
    }
}
