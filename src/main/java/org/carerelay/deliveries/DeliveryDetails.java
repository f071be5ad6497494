package org.carerelay.deliveries;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.clients.Client;
import org.carerelay.events.EventIngest;
import org.carerelay.events.SharedEvent;
import org.carerelay.sharing.ConsentRegister;

/**
 * What a recipient may see of one delivery: the client's shared identity, the event's type and
 * time, and only the fields its agreement allows, with consent checked again at read time (a
 * withdrawal takes effect at once). A minimum notice carries no event fields.
 */
@ApplicationScoped
public class DeliveryDetails {

    public record ClientIdentity(long id, String givenName, String familyName, LocalDate birthDate) {
    }

    public record Details(long id, long eventId, String type, int typeVersion, String title, String sourceAgency,
            String sourceAgencyName, ClientIdentity client, Instant occurredAt, String urgency, String state, String owner,
            Instant dueAt, String outcome, String outcomeReason, boolean minimumNotice, String withheldReason,
            Map<String, Object> data, List<String> withheldFields, int version) {
    }

    @Inject
    Catalogue catalogue;

    @Inject
    ConsentRegister consent;

    @Inject
    AgencyDirectory agencies;

    public Details of(Delivery d) {
        SharedEvent event = SharedEvent.findById(d.eventId);
        EventType type = catalogue.version(event.eventTypeId);
        Client client = Client.findById(d.clientId);
        boolean minimum = d.minimumNotice;
        String withheld = minimum ? "The client has not given consent to share " + type.sensitivityCategory().label.toLowerCase()
                + " details with your agency: this is the minimum notice. Contact the source agency." : null;
        if (!minimum && type.sensitivityCategory().needsConsent()
                && !consent.consentGiven(d.clientId, type.sensitivityCategory(), List.of(d.recipientAgencyId)).get(d.recipientAgencyId)) {
            minimum = true;
            withheld = "The client's consent for " + type.sensitivityCategory().label.toLowerCase()
                    + " details is no longer in force: the details are withheld. Contact the source agency.";
        }
        String[] shared = minimum ? new String[0] : d.sharedFields;
        Map<String, Object> data = EventIngest.visibleData(event, shared);
        List<String> withheldFields = type.fieldNames().stream().filter(f -> !List.of(shared).contains(f)).toList();
        AgencyDirectory.AgencyRef source = agencies.find(event.sourceAgencyId).orElseThrow();
        return new Details(d.id, event.id, type.code, type.version, type.title, source.slug(), source.name(),
                new ClientIdentity(client.id, client.givenName, client.familyName, client.birthDate), event.occurredAt,
                d.urgency, d.state, d.ownerUsername, d.dueAt, d.outcome, d.outcomeReason, minimum, withheld, data,
                withheldFields, d.version);
    }
}
