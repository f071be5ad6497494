package org.carerelay.partnerapi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The public OpenAPI document (/q/openapi) describes the partner API and nothing else: every path
 * outside /api/ is removed, and with it every schema and tag that only the portal's pages used. The
 * portal's routes are nobody's business outside the portal (mp.openapi.filter in application.properties).
 */
public class PartnerApiOnly implements OASFilter {

    static final String SCHEMA_REF = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        for (String path : List.copyOf(openAPI.getPaths().getPathItems().keySet())) {
            if (!path.startsWith("/api/")) {
                openAPI.getPaths().removePathItem(path);
            }
        }
        Set<String> tags = new HashSet<>();
        Deque<Schema> toVisit = new ArrayDeque<>();
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            parameters(item.getParameters(), toVisit);
            for (Operation operation : item.getOperations().values()) {
                if (operation.getTags() != null) {
                    tags.addAll(operation.getTags());
                }
                parameters(operation.getParameters(), toVisit);
                if (operation.getRequestBody() != null) {
                    content(operation.getRequestBody().getContent(), toVisit);
                }
                if (operation.getResponses() != null) {
                    for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
                        content(response.getContent(), toVisit);
                    }
                }
            }
        }
        if (openAPI.getTags() != null) {
            List.copyOf(openAPI.getTags()).stream().filter(tag -> !tags.contains(tag.getName())).forEach(openAPI::removeTag);
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
            Set<String> used = reachable(toVisit, schemas);
            for (String name : List.copyOf(schemas.keySet())) {
                if (!used.contains(name)) {
                    openAPI.getComponents().removeSchema(name);
                }
            }
        }
    }

    private static Set<String> reachable(Deque<Schema> toVisit, Map<String, Schema> schemas) {
        Set<String> used = new HashSet<>();
        Set<Schema> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!toVisit.isEmpty()) {
            Schema schema = toVisit.pop();
            if (schema == null || !seen.add(schema)) {
                continue;
            }
            if (schema.getRef() != null && schema.getRef().startsWith(SCHEMA_REF)) {
                String name = schema.getRef().substring(SCHEMA_REF.length());
                if (used.add(name) && schemas.get(name) != null) {
                    toVisit.push(schemas.get(name));
                }
            }
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(toVisit::push);
            }
            for (List<Schema> list : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
                if (list != null) {
                    list.forEach(toVisit::push);
                }
            }
            for (Schema one : java.util.Arrays.asList(schema.getItems(), schema.getAdditionalPropertiesSchema(), schema.getNot())) {
                if (one != null) {
                    toVisit.push(one);
                }
            }
        }
        return used;
    }

    private static void parameters(List<Parameter> parameters, Deque<Schema> toVisit) {
        if (parameters != null) {
            parameters.forEach(p -> {
                if (p.getSchema() != null) {
                    toVisit.push(p.getSchema());
                }
                content(p.getContent(), toVisit);
            });
        }
    }

    private static void content(Content content, Deque<Schema> toVisit) {
        if (content != null && content.getMediaTypes() != null) {
            for (MediaType type : content.getMediaTypes().values()) {
                if (type.getSchema() != null) {
                    toVisit.push(type.getSchema());
                }
            }
        }
    }
}
