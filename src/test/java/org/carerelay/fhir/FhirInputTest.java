package org.carerelay.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.carerelay.web.ProblemException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Incoming resources for the writes: every problem named at its FHIRPath, before anything is parsed into the model. */
class FhirInputTest {

    static FhirInput input;

    @BeforeAll
    static void build() {
        input = new FhirInput();
        input.fhir = new Fhir();
        input.validator = new ResourceValidator(ResourceValidator.build(FhirContext.forR4Cached(), List.of()));
    }

    static ProblemException refused(String contentType, String body) {
        return assertThrows(ProblemException.class, () -> input.read(contentType, body.getBytes(StandardCharsets.UTF_8), Task.class));
    }

    @Test
    void aValidTaskIsParsed() {
        Task task = input.read("application/fhir+json; charset=utf-8",
                "{\"resourceType\":\"Task\",\"status\":\"accepted\",\"intent\":\"order\"}".getBytes(StandardCharsets.UTF_8), Task.class);
        assertEquals(Task.TaskStatus.ACCEPTED, task.getStatus());
    }

    @Test
    void everyBadElementIsNamedByItsFhirPath() {
        ProblemException e = refused("application/fhir+json", "{\"resourceType\":\"Task\",\"status\":\"finished\",\"colour\":\"red\"}");
        assertEquals(400, e.status);
        assertTrue(e.errors.size() >= 3, "status, intent (required) and colour: " + e.errors);
        assertTrue(e.errors.stream().anyMatch(f -> f.field().equals("Task.status")), e.errors::toString);
        assertTrue(e.errors.stream().anyMatch(f -> f.message().contains("colour")), e.errors::toString);
        OperationOutcome outcome = FhirOutcomes.outcome(e.status, e.type, e.title, e.getMessage(), e.errors);
        assertEquals(e.errors.size(), outcome.getIssue().size(), "one issue per problem");
        assertTrue(outcome.getIssue().stream().anyMatch(i -> i.getExpression().stream().anyMatch(x -> x.getValue().equals("Task.status"))));
    }

    @Test
    void malformedJsonEmptyBodiesOtherTypesAndOtherMediaAreRefused() {
        ProblemException broken = refused("application/fhir+json", "{\"resourceType\":\"Task\",");
        assertEquals(400, broken.status);
        assertEquals("malformed-json", broken.type);
        assertTrue(broken.getMessage().contains("line 1"), broken.getMessage());
        assertEquals(400, refused("application/fhir+json", "  ").status);
        assertEquals(415, refused("application/fhir+xml", "<Task/>").status);
        ProblemException patient = refused("application/json", "{\"resourceType\":\"Patient\",\"active\":true}");
        assertEquals("resourceType", patient.errors.get(0).field());
    }
}
