package org.carerelay.raise;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;

/**
 * The catalogue as a training page: per pathway, what each event type tells you, what to do, its
 * dataset and markers, and who receives it from the reader's agency. No client data.
 */
@ApplicationScoped
public class EventGuide {

    public record Pathway(String code, String name, List<TypeEntry> types) {
    }

    public record TypeEntry(String code, String title, String meaning, String action, String urgency, String urgencyCode,
            int windowHours, String sensitivity, List<FieldEntry> fields, List<String> setsMarkers, List<String> clearsMarkers,
            List<SourceAgreements.Line> recipients) {
    }

    public record FieldEntry(String name, String label, String type, boolean required) {
    }

    @Inject
    Catalogue catalogue;

    @Inject
    SourceAgreements agreements;

    public List<Pathway> forAgency(long agencyId) {
        Map<String, List<SourceAgreements.Line>> recipients = agreements.activeFrom(agencyId);
        List<EventType> types = catalogue.currentTypes();
        List<String> order = new ArrayList<>(Wording.PATHWAYS);
        types.stream().map(t -> t.pathway).distinct().filter(p -> !order.contains(p)).forEach(order::add);
        List<Pathway> pathways = new ArrayList<>();
        for (String pathway : order) {
            List<TypeEntry> entries = types.stream().filter(t -> t.pathway.equals(pathway))
                    .map(t -> entry(t, recipients.getOrDefault(t.code, List.of()))).toList();
            if (!entries.isEmpty()) {
                pathways.add(new Pathway(pathway, Wording.pathway(pathway), entries));
            }
        }
        return pathways;
    }

    static TypeEntry entry(EventType type, List<SourceAgreements.Line> recipients) {
        return new TypeEntry(type.code, type.title, type.meaning, type.action, Wording.urgency(type.urgency), type.urgency,
                type.windowHours, Wording.sensitivity(type.sensitivity),
                type.fields.stream().map(f -> new FieldEntry(f.name(), f.label(), Wording.fieldType(f), f.required())).toList(),
                Arrays.stream(type.setsMarkers).map(Wording::marker).toList(),
                Arrays.stream(type.clearsMarkers).map(Wording::marker).toList(), recipients);
    }
}
