package org.carerelay.fhir.terminology;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.catalogue.FieldType;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.clients.StatusMarker;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.deliveries.Outcome;
import org.carerelay.fhir.FhirUrls;
import org.carerelay.handover.ActionItemOutcome;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;

/**
 * The code systems CareRelay publishes (at {@code /fhir/r4/CodeSystem/{id}}): the event-type
 * catalogue and its fields, built from the catalogue itself (every published version, so old
 * events keep valid codes), and the product's own small vocabularies (delivery status, status
 * markers, sensitivity, handover parts, task parameters).
 */
@ApplicationScoped
public class Terminology {

    public static final String EVENT_TYPE = "carerelay-event-type";
    public static final String EVENT_FIELD = "carerelay-event-field";
    public static final String DELIVERY_STATUS = "carerelay-delivery-status";
    public static final String STATUS_MARKER = "carerelay-status-marker";
    public static final String SENSITIVITY = "carerelay-sensitivity";
    public static final String HANDOVER_PART = "carerelay-handover-part";
    public static final String TASK_PARAMETER = "carerelay-task-parameter";

    @Inject
    Catalogue catalogue;

    private volatile List<CodeSystem> built;

    public static String url(String id) {
        return FhirUrls.CODE_SYSTEM + id;
    }

    public static Coding coding(String codeSystemId, String code, String display) {
        return new Coding(url(codeSystemId), code, display);
    }

    /** Every code system CareRelay publishes. */
    public List<CodeSystem> codeSystems() {
        List<CodeSystem> all = built;
        if (all == null) {
            all = List.of(eventTypes(), eventFields(), deliveryStatus(), statusMarkers(), sensitivity(), handoverParts(), taskParameters());
            built = all;
        }
        return all;
    }

    public Optional<CodeSystem> codeSystem(String id) {
        return codeSystems().stream().filter(c -> c.getIdElement().getIdPart().equals(id)).findFirst();
    }

    /** The code of one field of an event type (in {@value #EVENT_FIELD}). */
    public static String fieldCode(String typeCode, String field) {
        return typeCode + "." + field;
    }

    /** The code of one value of an enum field (in {@value #EVENT_FIELD}, below its field). */
    public static String valueCode(String typeCode, String field, String value) {
        return fieldCode(typeCode, field) + "." + value;
    }

    public static String words(String code) {
        String spaced = code.replace('_', ' ');
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private CodeSystem eventTypes() {
        CodeSystem cs = base(EVENT_TYPE, "CareRelayEventType", "CareRelay event types",
                "The governed catalogue of what agencies may share: each type's meaning (definition), expected action, default urgency, action window and sensitivity category.");
        property(cs, "pathway", CodeSystem.PropertyType.CODE, "The pathway the type belongs to");
        property(cs, "urgency", CodeSystem.PropertyType.CODE, "Default urgency: urgent_review, routine_follow_up or information_only");
        property(cs, "window-hours", CodeSystem.PropertyType.INTEGER, "Action window in hours: a delivery is due at the event's time plus this");
        property(cs, "sensitivity", CodeSystem.PropertyType.CODE, "Sensitivity category (see " + SENSITIVITY + ")");
        property(cs, "action", CodeSystem.PropertyType.STRING, "What the recipient is expected to do");
        property(cs, "version", CodeSystem.PropertyType.INTEGER, "The catalogue version of the type");
        for (EventType type : catalogue.currentTypes()) {
            ConceptDefinitionComponent c = cs.addConcept().setCode(type.code).setDisplay(type.title).setDefinition(type.meaning);
            c.addProperty().setCode("pathway").setValue(new CodeType(type.pathway));
            c.addProperty().setCode("urgency").setValue(new CodeType(type.urgency));
            c.addProperty().setCode("window-hours").setValue(new IntegerType(type.windowHours));
            c.addProperty().setCode("sensitivity").setValue(new CodeType(type.sensitivity));
            c.addProperty().setCode("action").setValue(new StringType(type.action));
            c.addProperty().setCode("version").setValue(new IntegerType(type.version));
        }
        return cs;
    }

    private CodeSystem eventFields() {
        CodeSystem cs = base(EVENT_FIELD, "CareRelayEventField", "CareRelay event fields",
                "The fields of each event type's minimum dataset (code TYPE.field) and the values of its enumerated fields (TYPE.field.value), over every published version of the catalogue.");
        property(cs, "type", CodeSystem.PropertyType.CODE, "The field's type: text, number, boolean, date, datetime, enum or list");
        property(cs, "required", CodeSystem.PropertyType.BOOLEAN, "Whether the current version requires the field");
        Map<String, ConceptDefinitionComponent> fields = new LinkedHashMap<>();
        for (EventType type : catalogue.allVersions()) {
            for (FieldDefinition field : type.fields) {
                String code = fieldCode(type.code, field.name());
                ConceptDefinitionComponent c = fields.computeIfAbsent(code, k -> {
                    ConceptDefinitionComponent concept = new ConceptDefinitionComponent().setCode(k).setDisplay(field.label());
                    concept.addProperty().setCode("type").setValue(new CodeType(field.type()));
                    concept.addProperty().setCode("required").setValue(new BooleanType(field.required()));
                    return concept;
                });
                if (field.fieldType() == FieldType.ENUM && field.values() != null) {
                    for (String value : field.values()) {
                        String valueCode = valueCode(type.code, field.name(), value);
                        if (c.getConcept().stream().noneMatch(v -> v.getCode().equals(valueCode))) {
                            c.addConcept().setCode(valueCode).setDisplay(words(value));
                        }
                    }
                }
            }
        }
        cs.setConcept(new ArrayList<>(fields.values()));
        return cs;
    }

    private CodeSystem deliveryStatus() {
        CodeSystem cs = base(DELIVERY_STATUS, "CareRelayDeliveryStatus", "CareRelay delivery status",
                "Where one delivery stands at its recipient (Task.businessStatus): new, acknowledged, in progress, or completed with an outcome.");
        for (DeliveryState state : DeliveryState.values()) {
            ConceptDefinitionComponent c = cs.addConcept().setCode(state.code).setDisplay(state.label);
            if (state == DeliveryState.COMPLETED) {
                for (Outcome outcome : Outcome.values()) {
                    c.addConcept().setCode(outcome.code).setDisplay("Completed: " + outcome.label.toLowerCase());
                }
            }
        }
        return cs;
    }

    private CodeSystem statusMarkers() {
        return flat(base(STATUS_MARKER, "CareRelayStatusMarker", "CareRelay status markers",
                "Small shared flags on a client, set and cleared by events; every agency with a care relationship sees them, never the record behind them."),
                java.util.Arrays.stream(StatusMarker.values()).map(m -> Map.entry(m.code, m.label)).toList());
    }

    private CodeSystem sensitivity() {
        return flat(base(SENSITIVITY, "CareRelaySensitivity", "CareRelay sensitivity categories",
                "The sensitivity category of an event type; behavioral-health details need the client's consent."),
                java.util.Arrays.stream(Sensitivity.values()).map(c -> Map.entry(c.code, c.label)).toList());
    }

    /** A code system of plain codes (code, display), in order. */
    private static CodeSystem flat(CodeSystem cs, List<Map.Entry<String, String>> codes) {
        codes.forEach(c -> cs.addConcept().setCode(c.getKey()).setDisplay(c.getValue()));
        return cs;
    }

    private CodeSystem handoverParts() {
        CodeSystem cs = base(HANDOVER_PART, "CareRelayHandoverPart", "CareRelay discharge handover parts",
                "The structured parts of a discharge handover, the discharge recommendations and the outcomes of action items.");
        for (HandoverPartCode part : HandoverPartCode.values()) {
            ConceptDefinitionComponent c = cs.addConcept().setCode(part.code).setDisplay(part.display);
            if (part == HandoverPartCode.DISCHARGE_RECOMMENDATION) {
                org.carerelay.handover.HandoverRules.RECOMMENDATIONS.stream().sorted()
                        .forEach(r -> c.addConcept().setCode(r).setDisplay(words(r)));
            }
            if (part == HandoverPartCode.ACTION_ITEM) {
                for (ActionItemOutcome o : ActionItemOutcome.values()) {
                    c.addConcept().setCode(o.code).setDisplay(words(o.code));
                }
            }
        }
        return cs;
    }

    private CodeSystem taskParameters() {
        CodeSystem cs = base(TASK_PARAMETER, "CareRelayTaskParameter", "CareRelay task inputs and outputs",
                "The kinds of Task.input and Task.output CareRelay uses.");
        cs.addConcept().setCode("outcome").setDisplay("How the delivery was completed, with the recipient's reason");
        cs.addConcept().setCode("discharge-handover").setDisplay("The structured discharge handover (a Bundle)");
        return cs;
    }

    private static CodeSystem base(String id, String name, String title, String description) {
        CodeSystem cs = new CodeSystem();
        cs.setId(id);
        cs.setUrl(url(id));
        cs.setName(name);
        cs.setTitle(title);
        cs.setStatus(PublicationStatus.ACTIVE);
        cs.setExperimental(false);
        cs.setPublisher("CareRelay");
        cs.setDescription(description);
        cs.setCaseSensitive(true);
        cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        cs.setHierarchyMeaning(CodeSystem.CodeSystemHierarchyMeaning.GROUPEDBY);
        return cs;
    }

    private static void property(CodeSystem cs, String code, CodeSystem.PropertyType type, String description) {
        cs.addProperty().setCode(code).setType(type).setDescription(description);
    }
}
