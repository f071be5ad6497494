package org.carerelay.events;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;

/** The shipped catalogue file as event types, without a database: for fast tests of the pure rule classes. */
final class CatalogueFile {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, EventType> TYPES = load();

    private CatalogueFile() {
    }

    static Optional<EventType> find(String code) {
        return Optional.ofNullable(TYPES.get(code));
    }

    private static Map<String, EventType> load() {
        try (InputStream in = CatalogueFile.class.getClassLoader().getResourceAsStream("catalogue/event-types.json")) {
            List<Catalogue.Definition> definitions = JSON.readValue(in, new TypeReference<List<Catalogue.Definition>>() {
            });
            Map<String, EventType> types = new LinkedHashMap<>();
            for (Catalogue.Definition d : definitions) {
                types.put(d.code(), d.toEventType(1));
            }
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A body the validator must accept: every field of the type with a well-formed value. */
    static ObjectNode validBody(EventType type) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type.code);
        ObjectNode client = body.putObject("client");
        client.put("localId", "MRN-1001");
        client.put("givenName", "Ada");
        client.put("familyName", "Pemberton");
        client.put("birthDate", "1956-03-14");
        body.put("occurredAt", "2026-11-20T09:30:00Z");
        ObjectNode data = body.putObject("data");
        for (FieldDefinition field : type.fields) {
            data.set(field.name(), validValue(field));
        }
        return body;
    }

    static JsonNode validValue(FieldDefinition field) {
        return switch (field.fieldType()) {
            case TEXT -> JSON.getNodeFactory().textNode("Seen at home; " + field.label());
            case NUMBER -> JSON.getNodeFactory().numberNode(2);
            case BOOLEAN -> JSON.getNodeFactory().booleanNode(true);
            case DATE -> JSON.getNodeFactory().textNode("2026-11-19");
            case DATETIME -> JSON.getNodeFactory().textNode("2026-11-19T14:00:00Z");
            case ENUM -> JSON.getNodeFactory().textNode(field.values().get(0));
            case LIST -> {
                ArrayNode list = JSON.createArrayNode();
                list.add("first item");
                yield list;
            }
        };
    }
}
