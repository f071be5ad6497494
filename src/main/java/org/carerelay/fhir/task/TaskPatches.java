package org.carerelay.fhir.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Type;

/**
 * The two PATCH formats, applied to the Task as the performer reads it, limited to what a performer
 * changes: {@code status}, {@code businessStatus}, {@code statusReason} and {@code output}.
 * <ul>
 * <li>FHIRPath Patch (a {@code Parameters} resource, {@code application/fhir+json}): {@code replace} of
 * Task.status, Task.businessStatus or Task.statusReason; {@code add} to Task of one of the four (an
 * output as parts {@code type} and {@code value}); {@code delete} of Task.statusReason or Task.output.</li>
 * <li>JSON Patch ({@code application/json-patch+json}): {@code add}, {@code replace}, {@code remove} on
 * /status, /businessStatus, /statusReason, /output, /output/- and /output/{n}.</li>
 * </ul>
 * Anything else is refused (422) with the FHIRPath of what it tried to change.
 */
public final class TaskPatches {

    static final Set<String> WRITABLE = Set.of("status", "businessStatus", "statusReason", "output");
    static final ObjectMapper JSON = new ObjectMapper();

    private TaskPatches() {
    }

    /** Applies a FHIRPath Patch to a copy of the Task. */
    public static Task fhirPath(Task current, Parameters patch) {
        Task task = current.copy();
        List<FieldError> errors = new ArrayList<>();
        List<ParametersParameterComponent> operations = patch.getParameter();
        if (operations.isEmpty()) {
            errors.add(new FieldError("Parameters.parameter", "required: at least one operation"));
        }
        for (int i = 0; i < operations.size(); i++) {
            ParametersParameterComponent op = operations.get(i);
            String at = "Parameters.parameter[" + i + "]";
            if (!"operation".equals(op.getName())) {
                errors.add(new FieldError(at + ".name", "must be operation"));
                continue;
            }
            String type = part(op, "type") instanceof CodeType c ? c.getValue() : null;
            String path = part(op, "path") == null ? null : part(op, "path").primitiveValue();
            String name = part(op, "name") == null ? null : part(op, "name").primitiveValue();
            ParametersParameterComponent value = op.getPart().stream().filter(p -> p.getName().equals("value")).findFirst().orElse(null);
            try {
                switch (type == null ? "" : type) {
                    case "replace" -> set(task, element(path, "Task.", at, errors), value, at, errors, true);
                    case "add" -> {
                        if (!"Task".equals(path)) {
                            errors.add(new FieldError(at, "add applies to path Task (with name status, businessStatus, statusReason or output), not " + path));
                        } else {
                            set(task, element("Task." + name, "Task.", at, errors), value, at, errors, false);
                        }
                    }
                    case "delete" -> {
                        String element = element(path, "Task.", at, errors);
                        if (element != null && !Set.of("statusReason", "output").contains(element)) {
                            errors.add(new FieldError(path, "only statusReason and output can be deleted"));
                        } else if (element != null) {
                            task.setProperty(element, null);
                            if (element.equals("output")) {
                                task.getOutput().clear();
                            }
                        }
                    }
                    default -> errors.add(new FieldError(at + ".part", "operation type must be replace, add or delete, not " + type));
                }
            } catch (org.hl7.fhir.exceptions.FHIRException | IllegalArgumentException e) {
                errors.add(new FieldError(path == null ? at : path.startsWith("Task.") ? path : "Task." + name, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "unprocessable", "Patch not applied", "The patch cannot be applied to this Task.", errors);
        }
        return task;
    }

    private static Base part(ParametersParameterComponent op, String name) {
        return op.getPart().stream().filter(p -> p.getName().equals(name)).map(ParametersParameterComponent::getValue).findFirst().orElse(null);
    }

    /** The writable element a FHIRPath names (Task.status → status), or null with an error. */
    private static String element(String path, String prefix, String at, List<FieldError> errors) {
        String element = path != null && path.startsWith(prefix) ? path.substring(prefix.length()) : null;
        if (element == null || !WRITABLE.contains(element)) {
            errors.add(new FieldError(path != null && path.startsWith("Task.") ? path : at,
                    "a performer changes only Task.status, Task.businessStatus, Task.statusReason and Task.output"));
            return null;
        }
        return element;
    }

    private static void set(Task task, String element, ParametersParameterComponent value, String at, List<FieldError> errors, boolean replace) {
        if (element == null) {
            return;
        }
        if (value == null) {
            errors.add(new FieldError(at + ".part", "a value is required"));
            return;
        }
        if (element.equals("output")) {
            if (replace) {
                task.getOutput().clear();
            }
            Task.TaskOutputComponent output = task.addOutput();
            for (ParametersParameterComponent p : value.getPart()) {
                output.setProperty(p.getName().equals("value") ? "value[x]" : p.getName(), p.getValue());
            }
            if (!output.hasType() || !output.hasValue()) {
                errors.add(new FieldError("Task.output", "an output needs parts type and value"));
            }
            return;
        }
        Type v = value.getValue();
        if (v == null) {
            errors.add(new FieldError("Task." + element, "a value is required"));
            return;
        }
        task.setProperty(element, v);
    }

    /** Applies a JSON Patch to the Task's JSON; the result is then checked as any Task is. */
    public static String json(String currentJson, JsonNode patch) {
        List<FieldError> errors = new ArrayList<>();
        ObjectNode task;
        try {
            task = (ObjectNode) JSON.readTree(currentJson);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (!patch.isArray() || patch.isEmpty()) {
            throw ProblemException.invalid("A JSON Patch is a non-empty array of operations.", List.of(new FieldError("body", "must be a JSON array")));
        }
        for (int i = 0; i < patch.size(); i++) {
            JsonNode op = patch.get(i);
            String kind = op.path("op").asText();
            String path = op.path("path").asText();
            String[] steps = path.split("/");
            String element = steps.length >= 2 ? steps[1] : "";
            String at = "Task." + (element.isEmpty() ? "" : element);
            if (!path.startsWith("/") || !WRITABLE.contains(element) || steps.length > 3 || (steps.length == 3 && !element.equals("output"))) {
                errors.add(new FieldError(at.equals("Task.") ? "Task" : at, "a performer changes only /status, /businessStatus, /statusReason and /output; not " + path));
                continue;
            }
            switch (kind) {
                case "add", "replace" -> {
                    if (!op.has("value")) {
                        errors.add(new FieldError(at, "a value is required"));
                    } else if (steps.length == 3) {
                        ArrayNode outputs = task.has("output") ? (ArrayNode) task.get("output") : task.putArray("output");
                        if (steps[2].equals("-")) {
                            outputs.add(op.get("value"));
                        } else if (steps[2].matches("\\d+") && Integer.parseInt(steps[2]) <= outputs.size()) {
                            int n = Integer.parseInt(steps[2]);
                            if (kind.equals("replace") && n < outputs.size()) {
                                outputs.set(n, op.get("value"));
                            } else {
                                outputs.insert(n, op.get("value"));
                            }
                        } else {
                            errors.add(new FieldError(at, "no output " + steps[2]));
                        }
                    } else {
                        task.set(element, op.get("value"));
                    }
                }
                case "remove" -> {
                    if (!Set.of("statusReason", "output").contains(element)) {
                        errors.add(new FieldError(at, "only statusReason and output can be removed"));
                    } else if (steps.length == 3 && task.path("output").has(Integer.parseInt(steps[2].replace("-", "0")))) {
                        ((ArrayNode) task.get("output")).remove(Integer.parseInt(steps[2]));
                    } else {
                        task.remove(element);
                    }
                }
                default -> errors.add(new FieldError(at, "op must be add, replace or remove, not '" + kind + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "unprocessable", "Patch not applied", "The patch cannot be applied to this Task.", errors);
        }
        return task.toString();
    }
}
