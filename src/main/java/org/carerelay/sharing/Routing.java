package org.carerelay.sharing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.EventType;

/**
 * Decides where an event goes: to every recipient whose active sharing agreement with the source
 * covers the event's type, with only the fields that agreement allows; for a category that needs
 * consent and has none in force, only the minimum notice (no fields at all).
 */
@ApplicationScoped
public class Routing {

    /** An agreement that covers the event type, before consent is applied. */
    public record Covering(long agreementId, String agreementCode, long recipientAgencyId, String legalBasis,
            String purpose, List<String> allowedFields, boolean active) {
    }

    /** One recipient of an event. */
    public record Route(long agreementId, String agreementCode, long recipientAgencyId, String legalBasis, String purpose,
            List<String> sharedFields, boolean minimumNotice) {
    }

    @Inject
    SharingStore store;

    @Inject
    ConsentRegister consent;

    /** Every agreement of the source that names the type, active or not (one query). */
    public List<Covering> covering(long sourceAgencyId, EventType type) {
        List<String> typeFields = type.fieldNames();
        return store.covering(sourceAgencyId, type.code).stream().map(r -> new Covering(r.agreementId(), r.agreementCode(),
                r.recipientAgencyId(), r.legalBasis(), r.purpose(),
                r.allowedFields() == null ? typeFields : typeFields.stream().filter(r.allowedFields()::contains).toList(), r.active()))
                .toList();
    }

    /** The routes of an event about a client: active agreements only, consent applied. */
    public List<Route> routes(List<Covering> covering, EventType type, long clientId) {
        List<Covering> active = covering.stream().filter(Covering::active).toList();
        Map<Long, Boolean> consentGiven = type.sensitivityCategory().needsConsent()
                ? consent.consentGiven(clientId, type.sensitivityCategory(), active.stream().map(Covering::recipientAgencyId).toList())
                : Map.of();
        return active.stream().map(c -> {
            boolean minimum = type.sensitivityCategory().needsConsent() && !consentGiven.getOrDefault(c.recipientAgencyId(), false);
            return new Route(c.agreementId(), c.agreementCode(), c.recipientAgencyId(), c.legalBasis(), c.purpose(),
                    minimum ? List.of() : c.allowedFields(), minimum);
        }).toList();
    }
}
