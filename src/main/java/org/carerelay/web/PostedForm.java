package org.carerelay.web;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a posted form whose names are not fixed (the raise form's fields come from the event type's dataset,
 * the handover form numbers its rows): the resource method takes the form body as a JAX-RS
 * {@code MultivaluedMap<String, String>}, and this keeps the first value of each field.
 */
public final class PostedForm {

    private PostedForm() {
    }

    public static Map<String, String> firstValues(MultivaluedMap<String, String> form) {
        Map<String, String> input = new LinkedHashMap<>();
        if (form != null) {
            form.forEach((name, values) -> {
                List<String> present = values == null ? List.of() : values;
                if (!present.isEmpty() && present.get(0) != null) {
                    input.put(name, present.get(0));
                }
            });
        }
        return input;
    }
}
