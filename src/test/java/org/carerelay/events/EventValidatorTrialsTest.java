package org.carerelay.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.harness.RandomTrials;
import org.carerelay.web.ProblemException;
import org.junit.jupiter.api.Test;

/**
 * For any body built by damaging a valid one (values of the wrong type, odd text, fields removed or added,
 * nesting), the validator either accepts it with only the type's own fields or refuses it with a 400 that
 * names every bad field — never another exception, which the API would turn into a 500.
 */
class EventValidatorTrialsTest {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final List<String> ODD_TEXT = List.of("", " ", "\u202Eevil\u202C", "zero\u200Bwidth", "e\u0301\u0301\u0301", "\uD800",
            "'; DROP TABLE delivery; --", "<script>alert(1)</script>", "../../etc/passwd", "x".repeat(10_001), "\u0000",
            "\t\n", "null", "1e309", "-0", "2026-02-30", "2026-11-20T25:00:00Z", "NaN");
    final EventValidator validator = new EventValidator(CatalogueFile::find, EventValidatorTest.CLOCK);
    final List<EventType> types = new ArrayList<>(CatalogueFile.TYPES.values());

    @Test
    void anyDamagedBodyIsAcceptedCleanlyOrRefusedWithNamedFields() {
        RandomTrials.run(3000, random -> {
            EventType type = types.get(random.nextInt(types.size()));
            ObjectNode body = CatalogueFile.validBody(type);
            int damages = 1 + random.nextInt(4);
            for (int i = 0; i < damages; i++) {
                damage(body, type, random);
            }
            try {
                EventSubmission accepted = validator.validate(body);
                EventType acceptedType = CatalogueFile.TYPES.get(accepted.typeCode());
                assertTrue(acceptedType.fieldNames().containsAll(accepted.data().keySet()), body.toString());
                for (FieldDefinition f : acceptedType.fields) {
                    if (f.required()) {
                        assertTrue(accepted.data().get(f.name()) != null, "required " + f.name() + " missing in " + body);
                    }
                }
                assertFalse(accepted.client().givenName().isBlank(), body.toString());
            } catch (ProblemException refused) {
                assertEquals(400, refused.status, body.toString());
                assertFalse(refused.errors.isEmpty(), body.toString());
                for (ProblemException.FieldError e : refused.errors) {
                    assertFalse(e.field().isBlank(), body.toString());
                    assertFalse(e.message().isBlank(), body.toString());
                }
            }
        });
    }

    private static void damage(ObjectNode body, EventType type, Random random) {
        ObjectNode target = switch (random.nextInt(3)) {
            case 0 -> body;
            case 1 -> body.get("client") instanceof ObjectNode c ? c : body;
            default -> body.get("data") instanceof ObjectNode d ? d : body;
        };
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() || random.nextInt(6) == 0 ? "extra" + random.nextInt(3) : names.get(random.nextInt(names.size()));
        switch (random.nextInt(4)) {
            case 0 -> target.remove(name);
            case 1 -> target.set(name, anyValue(random, 0));
            case 2 -> target.put(name, ODD_TEXT.get(random.nextInt(ODD_TEXT.size())));
            default -> {
                FieldDefinition f = type.fields.get(random.nextInt(type.fields.size()));
                target.set(name, CatalogueFile.validValue(f)); // a valid value in the wrong place
            }
        }
    }

    private static JsonNode anyValue(Random random, int depth) {
        switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0: return NODES.nullNode();
            case 1: return NODES.booleanNode(random.nextBoolean());
            case 2: return NODES.numberNode(random.nextInt());
            case 3: return NODES.numberNode(random.nextDouble() * 1e12);
            case 4: return NODES.textNode(ODD_TEXT.get(random.nextInt(ODD_TEXT.size())));
            case 5: return NODES.textNode(Long.toString(random.nextLong(), 36));
            case 6: {
                ArrayNode a = NODES.arrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(anyValue(random, depth + 1));
                }
                return a;
            }
            default: {
                ObjectNode o = NODES.objectNode();
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    o.set("k" + i, anyValue(random, depth + 1));
                }
                return o;
            }
        }
    }
}
