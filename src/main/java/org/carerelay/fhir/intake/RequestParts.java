package org.carerelay.fhir.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carerelay.fhir.terminology.Terminology;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The resources of one incoming event, each with its FHIRPath in the request: the Task (optional in a
 * transaction), the event (a ServiceRequest or a Communication) and what they reference. A posted Task
 * carries the others as contained resources ({@code #id}); a transaction Bundle as entries (by
 * {@code fullUrl}), with the field Observations contained in the event.
 */
final class RequestParts {

    /** A resource and where it sits in the request (Task.contained[0], Bundle.entry[1].resource). */
    record Located(Resource resource, String path) {
    }

    final Located task;
    final Located focus;
    /** A discharge handover's part entries (Observation, MedicationStatement, DetectedIssue, CarePlan), in order. */
    final List<Located> handoverParts = new ArrayList<>();
    /** Contained resources ("#id") and bundle entries (full URL), each with its path. */
    private final Map<String, Located> byReference = new LinkedHashMap<>();

    private RequestParts(Located task, Located focus) {
        this.task = task;
        this.focus = focus;
    }

    /** A posted Task: the event is the resource its focus names among the contained ones. */
    static RequestParts ofTask(Task task, List<FieldError> errors) {
        Map<String, Located> contained = new LinkedHashMap<>();
        collectContained(task, "Task", contained);
        Located focus = task.hasFocus() ? contained.get(task.getFocus().getReference()) : null;
        if (!task.hasFocus()) {
            errors.add(new FieldError("Task.focus", "required: a reference to the contained ServiceRequest or Communication (e.g. #event)"));
        } else if (focus == null || !isEvent(focus.resource())) {
            errors.add(new FieldError("Task.focus", "must reference a contained ServiceRequest or Communication (#id), not "
                    + task.getFocus().getReference()));
            focus = null;
        }
        RequestParts parts = new RequestParts(new Located(task, "Task"), focus);
        parts.byReference.putAll(contained);
        if (focus != null) {
            collectContained((DomainResource) focus.resource(), focus.path(), parts.byReference);
        }
        return parts;
    }

    /** A transaction: one Task entry (optional), one ServiceRequest or Communication entry, and Patient entries; nothing else. */
    static RequestParts ofTransaction(Bundle bundle, List<FieldError> errors) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            errors.add(new FieldError("Bundle.type", "must be transaction (a batch or " + bundle.getType().toCode() + " is not accepted here)"));
        }
        Located task = null;
        Located focus = null;
        List<Located> others = new ArrayList<>();
        Map<String, Located> entries = new LinkedHashMap<>();
        List<Bundle.BundleEntryComponent> all = bundle.getEntry();
        for (int i = 0; i < all.size(); i++) {
            Bundle.BundleEntryComponent entry = all.get(i);
            String path = "Bundle.entry[" + i + "]";
            Resource resource = entry.getResource();
            if (resource == null) {
                errors.add(new FieldError(path + ".resource", "required"));
                continue;
            }
            Located located = new Located(resource, path + ".resource");
            if (!entry.hasRequest() || entry.getRequest().getMethod() != Bundle.HTTPVerb.POST
                    || !resource.fhirType().equals(entry.getRequest().getUrl())) {
                errors.add(new FieldError(path + ".request", "each entry is created: method POST, url " + resource.fhirType()));
            }
            if (entry.hasFullUrl()) {
                entries.put(entry.getFullUrl(), located);
            }
            if (resource instanceof Task) {
                if (task != null) {
                    errors.add(new FieldError(path, "one Task per transaction"));
                }
                task = located;
            } else if (isEvent(resource)) {
                if (focus != null) {
                    errors.add(new FieldError(path, "one ServiceRequest or Communication (the event) per transaction"));
                }
                focus = located;
            } else if (!(resource instanceof Patient)) {
                others.add(located);
            }
        }
        if (focus == null) {
            errors.add(new FieldError("Bundle.entry", "required: an entry with the event (a ServiceRequest or a Communication)"));
        }
        RequestParts parts = new RequestParts(task, focus);
        boolean handover = parts.handoverType() && !others.isEmpty();
        for (Located other : others) {
            if (!handover) {
                errors.add(new FieldError(other.path(), "a transaction holds a Task, the event (ServiceRequest or Communication) and "
                        + "the Patient; put the field Observations in the event's contained resources, not " + other.resource().fhirType()));
            } else if (!IncomingHandover.PART_TYPES.contains(other.resource().fhirType())) {
                errors.add(new FieldError(other.path(), "a discharge handover's parts are " + String.join(", ", IncomingHandover.PART_TYPES)
                        + " entries, not " + other.resource().fhirType()));
            } else {
                parts.handoverParts.add(other);
            }
        }
        parts.byReference.putAll(entries);
        if (focus != null) {
            collectContained((DomainResource) focus.resource(), focus.path(), parts.byReference);
        }
        if (task != null) {
            collectContained((DomainResource) task.resource(), task.path(), parts.byReference);
            Task t = (Task) task.resource();
            if (focus != null && (!t.hasFocus() || parts.byReference.get(t.getFocus().getReference()) != focus)) {
                errors.add(new FieldError(task.path() + ".focus", "must reference the event entry by its fullUrl"));
            }
        }
        return parts;
    }

    /**
     * Whether this is a structured discharge handover: a transaction whose event is a ServiceRequest coded DISCHARGE_HANDOVER
     * and which holds the handover's parts as entries. (A DISCHARGE_HANDOVER event with its summary fields contained, as on
     * {@code POST /api/v1/events}, is an event like any other.)
     */
    boolean handover() {
        return !handoverParts.isEmpty();
    }

    private boolean handoverType() {
        return focus != null && focus.resource() instanceof ServiceRequest sr && sr.getCode().getCoding().stream()
                .anyMatch(c -> Terminology.url(Terminology.EVENT_TYPE).equals(c.getSystem()) && IncomingEvent.HANDOVER.equals(c.getCode()));
    }

    /** The resource a reference names in this request (contained or an entry), if any. */
    Optional<Located> resolve(Reference reference) {
        return reference == null || !reference.hasReference() ? Optional.empty() : Optional.ofNullable(byReference.get(reference.getReference()));
    }

    /** The full URL (or #id) a resource of this request is known by, or null. */
    String fullUrlOf(Located located) {
        return byReference.entrySet().stream().filter(e -> e.getValue() == located).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    List<Located> all() {
        return new ArrayList<>(byReference.values());
    }

    static boolean isEvent(Resource resource) {
        return resource instanceof ServiceRequest || resource instanceof Communication;
    }

    private static void collectContained(DomainResource container, String path, Map<String, Located> into) {
        List<Resource> contained = container.getContained();
        for (int i = 0; i < contained.size(); i++) {
            Resource r = contained.get(i);
            String id = r.getIdElement().getIdPart();
            if (id != null) {
                into.put("#" + (id.startsWith("#") ? id.substring(1) : id), new Located(r, path + ".contained[" + i + "]"));
            }
        }
    }
}
