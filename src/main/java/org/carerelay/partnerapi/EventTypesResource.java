package org.carerelay.partnerapi;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.FieldDefinition;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The governed catalogue, as partner systems build their payloads from it. */
@Path("/api/v1/event-types")
@Tag(name = "Catalogue")
@RolesAllowed("partner-system")
public class EventTypesResource {

    public record EventTypeView(String code, int version, String title, String meaning, String action, String urgency,
            int windowHours, String sensitivity, List<FieldDefinition> fields) {
    }

    @Inject
    Catalogue catalogue;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The current version of every event type", description = "Code, version, plain-language meaning and expected action, default urgency, action window, sensitivity category and the typed minimum dataset.")
    public List<EventTypeView> list() {
        return catalogue.currentTypes().stream().map(t -> new EventTypeView(t.code, t.version, t.title, t.meaning, t.action,
                t.urgency, t.windowHours, t.sensitivity, t.fields)).toList();
    }
}
