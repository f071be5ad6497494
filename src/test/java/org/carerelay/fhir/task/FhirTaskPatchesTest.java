package org.carerelay.fhir.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import ca.uhn.fhir.context.FhirContext;
import java.util.Optional;
import org.carerelay.deliveries.Outcome;
import org.carerelay.web.ProblemException;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The performer's PATCH formats, limited to status, businessStatus, statusReason and output; and how an outcome is read. */
class FhirTaskPatchesTest {

    static final String CS = "https://carerelay.example.org/fhir/CodeSystem/";

    static Task current() {
        Task task = new Task().setStatus(Task.TaskStatus.ACCEPTED).setIntent(Task.TaskIntent.ORDER);
        task.setOwner(new Reference("Organization/county-welfare"));
        return task;
    }

    static Parameters.ParametersParameterComponent op(Parameters p, String type, String path) {
        Parameters.ParametersParameterComponent op = p.addParameter().setName("operation");
        op.addPart().setName("type").setValue(new CodeType(type));
        op.addPart().setName("path").setValue(new StringType(path));
        return op;
    }

    @Test
    void fhirPathPatchReplacesTheStatusAndAddsTheOutcome() {
        Parameters patch = new Parameters();
        op(patch, "replace", "Task.status").addPart().setName("value").setValue(new CodeType("completed"));
        Parameters.ParametersParameterComponent add = op(patch, "add", "Task");
        add.addPart().setName("name").setValue(new StringType("output"));
        Parameters.ParametersParameterComponent value = add.addPart().setName("value");
        value.addPart().setName("type").setValue(new CodeableConcept(new Coding(CS + "carerelay-task-parameter", "outcome", null)));
        value.addPart().setName("value").setValue(new CodeableConcept(new Coding(CS + "carerelay-delivery-status", "transferred", null)).setText("To the housing team"));
        Task patched = TaskPatches.fhirPath(current(), patch);
        assertEquals(Task.TaskStatus.COMPLETED, patched.getStatus());
        assertEquals(Optional.of(Outcome.TRANSFERRED), TaskUpdates.outcome(patched, Task.TaskStatus.COMPLETED));
        assertEquals("To the housing team", TaskUpdates.reason(patched, Outcome.TRANSFERRED));
        assertTrue(TaskUpdates.unchangeable(current(), patched).isEmpty());
    }

    @Test
    void onlyThePerformersElementsChange() {
        Parameters patch = new Parameters();
        op(patch, "replace", "Task.owner").addPart().setName("value").setValue(new Reference("Organization/x"));
        ProblemException e = assertThrows(ProblemException.class, () -> TaskPatches.fhirPath(current(), patch));
        assertEquals(422, e.status);
        assertEquals("Task.owner", e.errors.get(0).field());

        Task moved = current().setOwner(new Reference("Organization/northgate-housing"));
        assertEquals("Task.owner", TaskUpdates.unchangeable(current(), moved).get(0).field());

        ProblemException json = assertThrows(ProblemException.class, () -> TaskPatches.json("{\"resourceType\":\"Task\"}",
                new ObjectMapper().readTree("[{\"op\":\"replace\",\"path\":\"/requester\",\"value\":{}}]")));
        assertEquals("Task.requester", json.errors.get(0).field());
    }

    @Test
    void jsonPatchSetsTheStatusAndAppendsAnOutput() throws Exception {
        String current = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(current());
        String patched = TaskPatches.json(current, new ObjectMapper().readTree(
                "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"rejected\"},{\"op\":\"add\",\"path\":\"/statusReason\",\"value\":{\"text\":\"Not ours\"}}]"));
        Task task = FhirContext.forR4Cached().newJsonParser().parseResource(Task.class, patched);
        assertEquals(Task.TaskStatus.REJECTED, task.getStatus());
        assertEquals(Optional.of(Outcome.DECLINED), TaskUpdates.outcome(task, Task.TaskStatus.REJECTED), "rejected without an outcome is declined");
        assertEquals("Not ours", TaskUpdates.reason(task, Outcome.DECLINED));
    }
}
