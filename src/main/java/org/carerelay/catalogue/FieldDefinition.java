package org.carerelay.catalogue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One field of an event type's minimum dataset. {@code values} only for enum fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldDefinition(String name, String label, String type, boolean required, List<String> values) {

    public FieldType fieldType() {
        return FieldType.of(type);
    }
}
