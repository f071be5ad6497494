package org.carerelay.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.web.ProblemException;
import org.junit.jupiter.api.Test;

/** What a partner or the Raise form is told about an event body, field by field; pure, no database. */
class EventValidatorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    final EventValidator validator = new EventValidator(CatalogueFile::find, CLOCK);

    @Test
    void everyCatalogueTypeAcceptsAWellFormedBodyWithEveryFieldKept() {
        assertFalse(CatalogueFile.TYPES.isEmpty());
        for (EventType type : CatalogueFile.TYPES.values()) {
            EventSubmission s = validator.validate(CatalogueFile.validBody(type));
            assertEquals(type.code, s.typeCode());
            assertEquals("MRN-1001", s.client().localId());
            assertEquals(Instant.parse("2026-11-20T09:30:00Z"), s.occurredAt());
            assertEquals(type.fieldNames(), List.copyOf(s.data().keySet()), type.code);
        }
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        EventType type = CatalogueFile.TYPES.values().iterator().next();
        ObjectNode body = CatalogueFile.validBody(type);
        body.put("urgency", "whenever");
        body.put("occurredAt", "yesterday");
        ((ObjectNode) body.get("client")).remove("familyName");
        body.put("sender", "another-agency");
        ProblemException e = assertThrows(ProblemException.class, () -> validator.validate(body));
        assertEquals(400, e.status);
        assertEquals(Map.of("urgency", "must be one of urgent_review, routine_follow_up, information_only",
                "occurredAt", "must be an ISO-8601 date-time with offset, e.g. 2026-11-25T09:30:00Z",
                "client.familyName", "required",
                "sender", "unknown field; allowed: type, client, occurredAt, urgency, data"), messages(e));
        assertEquals("4 fields are invalid.", e.getMessage());
    }

    @Test
    void aRequiredFieldMissingIsNamedWithItsLabel() {
        for (EventType type : CatalogueFile.TYPES.values()) {
            for (FieldDefinition field : type.fields.stream().filter(FieldDefinition::required).toList()) {
                ObjectNode body = CatalogueFile.validBody(type);
                ((ObjectNode) body.get("data")).remove(field.name());
                ProblemException e = assertThrows(ProblemException.class, () -> validator.validate(body));
                assertEquals("required (" + field.label() + ")", messages(e).get("data." + field.name()), type.code);
            }
        }
    }

    @Test
    void aFieldNotInTheTypeIsRefusedNamingTheAllowedOnes() {
        EventType type = CatalogueFile.TYPES.values().iterator().next();
        ObjectNode body = CatalogueFile.validBody(type);
        ((ObjectNode) body.get("data")).put("diagnosis", "not in the dataset");
        ProblemException e = assertThrows(ProblemException.class, () -> validator.validate(body));
        assertTrue(messages(e).get("data.diagnosis").startsWith("not a field of " + type.code + "; allowed: "));
    }

    @Test
    void anEventInTheFutureIsRefusedButClockSkewOfAFewMinutesIsNot() {
        EventType type = CatalogueFile.TYPES.values().iterator().next();
        ObjectNode skewed = CatalogueFile.validBody(type);
        skewed.put("occurredAt", "2026-11-25T12:04:00Z");
        assertEquals(Instant.parse("2026-11-25T12:04:00Z"), validator.validate(skewed).occurredAt());
        ObjectNode future = CatalogueFile.validBody(type);
        future.put("occurredAt", "2026-11-25T12:06:00Z");
        ProblemException e = assertThrows(ProblemException.class, () -> validator.validate(future));
        assertEquals("is in the future; an event reports something that has happened", messages(e).get("occurredAt"));
    }

    @Test
    void theClientsBirthDateMustBeAPastDateAfter1900() {
        EventType type = CatalogueFile.TYPES.values().iterator().next();
        for (String birth : List.of("1899-12-31", "2026-11-26", "1956-02-30", "14/03/1956")) {
            ObjectNode body = CatalogueFile.validBody(type);
            ((ObjectNode) body.get("client")).put("birthDate", birth);
            ProblemException e = assertThrows(ProblemException.class, () -> validator.validate(body), birth);
            assertTrue(messages(e).containsKey("client.birthDate"), birth);
        }
    }

    @Test
    void anUnknownTypeOrANonObjectBodyIsNamed() {
        ObjectNode body = CatalogueFile.validBody(CatalogueFile.TYPES.values().iterator().next());
        body.put("type", "NOT_A_TYPE");
        assertEquals("unknown event type \"NOT_A_TYPE\"; see GET /api/v1/event-types",
                messages(assertThrows(ProblemException.class, () -> validator.validate(body))).get("type"));
        ProblemException notObject = assertThrows(ProblemException.class,
                () -> validator.validate(CatalogueFile.JSON.getNodeFactory().arrayNode()));
        assertEquals(Map.of("body", "must be a JSON object"), messages(notObject));
    }

    @Test
    void textWithANulCharacterIsRefused() {
        EventType type = CatalogueFile.TYPES.values().stream()
                .filter(t -> t.fields.stream().anyMatch(f -> "text".equals(f.type()))).findFirst().orElseThrow();
        FieldDefinition text = type.fields.stream().filter(f -> "text".equals(f.type())).findFirst().orElseThrow();
        ObjectNode body = CatalogueFile.validBody(type);
        ((ObjectNode) body.get("data")).put(text.name(), "before\u0000after");
        assertTrue(messages(assertThrows(ProblemException.class, () -> validator.validate(body))).containsKey("data." + text.name()));
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesAreRefusedButTabsLineBreaksAndPairsKept() {
        EventType type = CatalogueFile.TYPES.values().iterator().next();
        for (String bad : List.of("Da\u0007na", "Da\u001b[31mna", "Da\u007fna", "Da\uD800na", "\uDC00", "\uDE00\uD83D")) {
            ObjectNode body = CatalogueFile.validBody(type);
            ((ObjectNode) body.get("client")).put("givenName", bad);
            assertTrue(messages(assertThrows(ProblemException.class, () -> validator.validate(body))).containsKey("client.givenName"), bad);
        }
        assertEquals(null, EventValidator.textProblem("tab\there\r\nnext line \uD83D\uDE00 \u202Eevil\u202C e\u0301"));
    }

    @Test
    void aNumberBeyondOneQuadrillionOrNotFiniteIsTooLarge() {
        EventType type = CatalogueFile.TYPES.values().stream()
                .filter(t -> t.fields.stream().anyMatch(f -> "number".equals(f.type()))).findFirst().orElseThrow();
        FieldDefinition number = type.fields.stream().filter(f -> "number".equals(f.type())).findFirst().orElseThrow();
        ObjectNode ok = CatalogueFile.validBody(type);
        ((ObjectNode) ok.get("data")).put(number.name(), 1e15);
        validator.validate(ok);
        for (Object big : List.of(1e16, Double.POSITIVE_INFINITY, new java.math.BigInteger("99999999999999999999999999"))) {
            ObjectNode body = CatalogueFile.validBody(type);
            ((ObjectNode) body.get("data")).set(number.name(), CatalogueFile.JSON.valueToTree(big));
            assertEquals("is too large", messages(assertThrows(ProblemException.class, () -> validator.validate(body))).get("data." + number.name()),
                    String.valueOf(big));
        }
    }

    static Map<String, String> messages(ProblemException e) {
        return e.errors.stream().collect(Collectors.toMap(ProblemException.FieldError::field, ProblemException.FieldError::message,
                (a, b) -> a + " | " + b));
    }
}
