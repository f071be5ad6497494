package org.carerelay.fhir.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.catalogue.FieldType;
import org.carerelay.fhir.terminology.Terminology;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.Type;

/**
 * One catalogue field's value ↔ an Observation's value (both directions): text as string, number as
 * a Quantity without unit, boolean, date and date-time as dateTime (day or instant precision), an
 * enum as a code of {@code carerelay-event-field}, a list as one component per item.
 */
public final class FieldValues {

    private FieldValues() {
    }

    /** The field's code (TYPE.field) in carerelay-event-field. */
    public static CodeableConcept code(String typeCode, FieldDefinition field) {
        return new CodeableConcept(Terminology.coding(Terminology.EVENT_FIELD, Terminology.fieldCode(typeCode, field.name()), field.label()));
    }

    /** Puts the value on the observation (a list as components). */
    public static void toFhir(String typeCode, FieldDefinition field, Object value, Observation observation) {
        if (field.fieldType() == FieldType.LIST) {
            List<?> items = value instanceof List<?> list ? list : List.of(value);
            for (Object item : items) {
                observation.addComponent().setCode(code(typeCode, field)).setValue(new StringType(String.valueOf(item)));
            }
            return;
        }
        observation.setValue(value(typeCode, field, value));
    }

    static Type value(String typeCode, FieldDefinition field, Object value) {
        String text = String.valueOf(value);
        return switch (field.fieldType()) {
            case NUMBER -> new Quantity().setValue(new BigDecimal(text));
            case BOOLEAN -> new BooleanType(Boolean.parseBoolean(text));
            case DATE -> new DateTimeType(text);
            case DATETIME -> EventMapper.instant(Instant.parse(text));
            case ENUM -> new CodeableConcept(Terminology.coding(Terminology.EVENT_FIELD, Terminology.valueCode(typeCode, field.name(), text),
                    Terminology.words(text))).setText(text);
            default -> new StringType(text);
        };
    }

    /**
     * The catalogue value an observation carries for the field (the reverse of {@link #toFhir}), or
     * empty when it carries none or one of the wrong kind.
     */
    public static Optional<Object> fromFhir(String typeCode, FieldDefinition field, Observation observation) {
        if (field.fieldType() == FieldType.LIST) {
            List<Object> items = new ArrayList<>();
            observation.getComponent().stream().filter(c -> c.getValue() instanceof StringType).forEach(c -> items.add(c.getValue().primitiveValue()));
            return items.isEmpty() ? Optional.empty() : Optional.of(items);
        }
        Type value = observation.getValue();
        return switch (field.fieldType()) {
            case NUMBER -> value instanceof Quantity q && q.hasValue() ? Optional.of(q.getValue()) : Optional.empty();
            case BOOLEAN -> value instanceof BooleanType b && b.hasValue() ? Optional.of(b.booleanValue()) : Optional.empty();
            case DATE -> value instanceof DateTimeType d && d.hasValue()
                    ? Optional.of(LocalDate.of(d.getYear(), d.getMonth() + 1, d.getDay()).toString()) : Optional.empty();
            case DATETIME -> value instanceof DateTimeType d && d.hasValue() && d.getPrecision().ordinal() >= TemporalPrecisionEnum.SECOND.ordinal()
                    ? Optional.of(d.getValue().toInstant().toString()) : Optional.empty();
            case ENUM -> value instanceof CodeableConcept c ? enumValue(typeCode, field, c) : Optional.empty();
            default -> value instanceof StringType s && s.hasValue() ? Optional.of(s.getValue()) : Optional.empty();
        };
    }

    private static Optional<Object> enumValue(String typeCode, FieldDefinition field, CodeableConcept concept) {
        String prefix = Terminology.fieldCode(typeCode, field.name()) + ".";
        for (Coding coding : concept.getCoding()) {
            if (Terminology.url(Terminology.EVENT_FIELD).equals(coding.getSystem()) && coding.getCode() != null
                    && coding.getCode().startsWith(prefix)) {
                return Optional.of(coding.getCode().substring(prefix.length()));
            }
        }
        return Optional.empty();
    }
}
