package org.carerelay.raise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.raise.RaiseView.Control;
import org.carerelay.raise.RaiseView.Section;
import org.carerelay.raise.RaiseView.SummaryError;
import org.carerelay.web.ProblemException.FieldError;
import org.junit.jupiter.api.Test;

/** The Raise form's parameters to the partner API's JSON body, and the catalogue dataset to form controls; pure, no database. */
class RaiseFormTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ObjectMapper JSON = new ObjectMapper();

    static EventType type() {
        EventType t = new EventType();
        t.code = "TEST_EVENT";
        t.title = "Test event";
        t.urgency = "routine_follow_up";
        t.pathway = "housing_welfare";
        t.fields = List.of(new FieldDefinition("note", "Note", "text", true, null),
                new FieldDefinition("count", "Count", "number", false, null),
                new FieldDefinition("safe", "Safe at home", "boolean", false, null),
                new FieldDefinition("seenAt", "Seen at", "datetime", false, null),
                new FieldDefinition("due", "Due", "date", false, null),
                new FieldDefinition("level", "Level", "enum", true, List.of("low", "high")),
                new FieldDefinition("needs", "Needs", "list", false, null));
        return t;
    }

    static Map<String, String> input() {
        Map<String, String> in = new HashMap<>();
        in.put("client.localId", " T-1 ");
        in.put("client.givenName", "Ada");
        in.put("client.familyName", "Pemberton");
        in.put("client.birthDate", "1956-03-14");
        in.put("occurredAt", "2026-11-20T09:30");
        in.put("data.note", "line one\r\nline two ");
        in.put("data.count", " 2.50 ");
        in.put("data.safe", "false");
        in.put("data.seenAt", "2026-07-01T08:00");
        in.put("data.due", " 2026-12-01 ");
        in.put("data.level", "high");
        in.put("data.needs", "food\r\n\r\n  rent  \nheating");
        return in;
    }

    static RaiseForm.Conversion convert(Map<String, String> in) {
        return RaiseForm.toBody(type(), in, null, NEW_YORK);
    }

    @Test
    void aFilledFormBecomesThePartnerBodyWithTypedValues() {
        RaiseForm.Conversion c = convert(input());
        assertEquals(List.of(), c.errors());
        JsonNode b = c.body();
        assertEquals("TEST_EVENT", b.get("type").asText());
        assertEquals("T-1", b.at("/client/localId").asText());
        assertEquals("1956-03-14", b.at("/client/birthDate").asText());
        assertEquals("2026-11-20T14:30:00Z", b.get("occurredAt").asText(), "New York winter time, UTC-5");
        assertFalse(b.has("urgency"), "left blank: the type's default applies");
        assertEquals("line one\nline two ", b.at("/data/note").asText(), "text kept as typed, line ends normalised");
        assertEquals(new BigDecimal("2.5"), b.at("/data/count").decimalValue());
        assertTrue(b.at("/data/safe").isBoolean());
        assertFalse(b.at("/data/safe").asBoolean());
        assertEquals("2026-07-01T12:00:00Z", b.at("/data/seenAt").asText(), "New York summer time, UTC-4");
        assertEquals("2026-12-01", b.at("/data/due").asText());
        assertEquals("high", b.at("/data/level").asText());
        assertEquals(List.of("food", "rent", "heating"), JSON.convertValue(b.at("/data/needs"), List.class));
    }

    @Test
    void blankFieldsAreLeftOutForTheValidatorToName() {
        RaiseForm.Conversion c = convert(Map.of("data.note", "  ", "data.needs", "\n \n", "client.givenName", " "));
        assertEquals(List.of(), c.errors());
        assertEquals(0, c.body().get("data").size());
        assertEquals(0, c.body().get("client").size());
        assertFalse(c.body().has("occurredAt"));
    }

    @Test
    void wholeNumbersAreSentAsIntegers() {
        Map<String, String> in = input();
        in.put("data.count", "3.000");
        JsonNode count = convert(in).body().at("/data/count");
        assertTrue(count.isIntegralNumber());
        assertEquals(3, count.asInt());
    }

    @Test
    void whatCannotBeConvertedIsNamedByItsField() {
        Map<String, String> in = input();
        in.put("occurredAt", "yesterday");
        in.put("data.count", "two");
        in.put("data.safe", "maybe");
        in.put("data.seenAt", "2026-02-30T10:00");
        RaiseForm.Conversion c = convert(in);
        assertEquals(List.of(new FieldError("occurredAt", "must be a date and time"), new FieldError("data.count", "must be a number"),
                new FieldError("data.safe", "must be Yes or No"), new FieldError("data.seenAt", "must be a date and time")), c.errors());
        assertFalse(c.body().has("occurredAt"));
        assertFalse(c.body().get("data").has("count"));
    }

    @Test
    void numbersAreBoundedAtOneQuadrillion() {
        for (String ok : List.of("1e15", "-1000000000000000", "0.000001")) {
            Map<String, String> in = input();
            in.put("data.count", ok);
            assertEquals(List.of(), convert(in).errors(), ok);
        }
        for (String big : List.of("1000000000000001", "-1e16", "1e999999999")) {
            Map<String, String> in = input();
            in.put("data.count", big);
            assertEquals(List.of(new FieldError("data.count", "is too large")), convert(in).errors(), big);
        }
        for (String bad : List.of("NaN", "Infinity", "1e2147483648", "0x10", "1,5", "'; DROP TABLE event;--")) {
            Map<String, String> in = input();
            in.put("data.count", bad);
            assertEquals(List.of(new FieldError("data.count", "must be a number")), convert(in).errors(), bad);
        }
    }

    @Test
    void aMedicaidIdBecomesTheStrongIdentifierOnlyForANewPerson() {
        Map<String, String> in = input();
        in.put("client.medicaidId", " MC123 ");
        JsonNode id = convert(in).body().at("/client/identifiers/0");
        assertEquals("MC123", id.get("value").asText());
        assertFalse(id.get("system").asText().isBlank());
        RaiseClients.Prefilled known = new RaiseClients.Prefilled(7, "Bea", "Known", LocalDate.of(1960, 1, 2), null);
        JsonNode client = RaiseForm.toBody(type(), in, known, NEW_YORK).body().get("client");
        assertFalse(client.has("identifiers"));
    }

    @Test
    void aChosenClientIsSentAsChosenAndCannotBeRetyped() {
        Map<String, String> in = input();
        in.put("client.givenName", "Mallory");
        in.put("client.localId", "T-9");
        RaiseClients.Prefilled known = new RaiseClients.Prefilled(7, "Bea", "Known", LocalDate.of(1960, 1, 2), "L-7");
        JsonNode client = RaiseForm.toBody(type(), in, known, NEW_YORK).body().get("client");
        assertEquals("Bea", client.get("givenName").asText());
        assertEquals("1960-01-02", client.get("birthDate").asText());
        assertEquals("L-7", client.get("localId").asText());
        RaiseClients.Prefilled noLocalId = new RaiseClients.Prefilled(7, "Bea", "Known", LocalDate.of(1960, 1, 2), null);
        assertEquals("T-9", RaiseForm.toBody(type(), in, noLocalId, NEW_YORK).body().at("/client/localId").asText());
    }

    @Test
    void validatorMessagesBecomeOnePlainMessagePerControl() {
        Map<String, String> byControl = RaiseForm.byControl(List.of(new FieldError("client.givenName", "required"),
                new FieldError("data.note", "required (Note)"), new FieldError("client.identifiers[0].value", "required: a member id"),
                new FieldError("data.needs[0]", "must be non-empty text of at most 1000 characters"),
                new FieldError("data.needs[2]", "must be non-empty text of at most 1000 characters"),
                new FieldError("data.count", "must be a number"), new FieldError("data.count", "is too large")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("client.givenName", "this field is required");
        expected.put("data.note", "this field is required");
        expected.put("client.medicaidId", "this field is required");
        expected.put("data.needs", "each line must be at most 1000 characters");
        expected.put("data.count", "must be a number; is too large");
        assertEquals(expected, byControl);
    }

    @Test
    void theDatasetBecomesControlsInThreeSections() {
        List<Section> sections = RaiseForm.sections(type(), input(), null, Map.of("data.level", "this field is required"), "2026-11-25T07:00");
        assertEquals(List.of("person", "when", "details"), sections.stream().map(Section::id).toList());
        assertEquals(List.of("client.localId", "client.givenName", "client.familyName", "client.birthDate", "client.medicaidId"),
                sections.get(0).controls().stream().map(Control::id).toList());
        List<Control> details = sections.get(2).controls();
        assertEquals(List.of("textarea", "number", "boolean", "datetime", "date", "select", "list"), details.stream().map(Control::kind).toList());
        Control level = details.get(5);
        assertTrue(level.required());
        assertEquals("this field is required", level.error());
        assertEquals(List.of("", "low", "high"), level.options().stream().map(RaiseView.Option::value).toList());
        assertTrue(level.options().get(2).selected());
        assertEquals("Needs (one per line)", details.get(6).label());
        assertEquals("2026-11-20T09:30", sections.get(1).controls().get(0).value(), "what was typed, not the default");
    }

    @Test
    void aChosenClientHidesThePersonFieldsAndTheTimeStartsAtNow() {
        RaiseClients.Prefilled known = new RaiseClients.Prefilled(7, "Bea", "Known", LocalDate.of(1960, 1, 2), "L-7");
        List<Section> sections = RaiseForm.sections(type(), Map.of(), known, Map.of(), "2026-11-25T07:00");
        assertEquals(List.of(), sections.get(0).controls());
        Control occurred = sections.get(1).controls().get(0);
        assertEquals("2026-11-25T07:00", occurred.value());
        Control urgency = sections.get(1).controls().get(1);
        assertTrue(urgency.options().get(0).selected(), "the type's default is chosen");
        assertNull(occurred.error());
    }

    @Test
    void theSummaryListsErrorsInFormOrderAndKeepsUnplacedOnes() {
        List<Section> sections = RaiseForm.sections(type(), input(), null, Map.of(), "2026-11-25T07:00");
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("sender", "unknown field");
        errors.put("data.level", "this field is required");
        errors.put("client.givenName", "this field is required");
        List<SummaryError> summary = RaiseForm.summary(sections, errors);
        assertEquals(List.of(new SummaryError("client.givenName", "Given name: this field is required"),
                new SummaryError("data.level", "Level: this field is required"),
                new SummaryError("raise-form", "sender: unknown field")), summary);
    }
}
