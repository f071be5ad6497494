package org.carerelay.raise;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.events.EventSubmission;
import org.carerelay.raise.RaiseView.Preview;
import org.carerelay.raise.RaiseView.RecipientLine;
import org.carerelay.sharing.ConsentRegister;
import org.carerelay.sharing.Routing;
import org.carerelay.sharing.Routing.Covering;

/**
 * Who would receive a valid event, worked out the way routing does it but without storing
 * anything: each active agreement's recipient, its terms, the fields it would see (agreement
 * fields ∩ fields filled in, and for behavioral-health events only with consent in force).
 */
@ApplicationScoped
public class RecipientPreview {

    @Inject
    Routing routing;

    @Inject
    ConsentRegister consent;

    @Inject
    SourceAgreements agreements;

    @Transactional
    public Preview preview(long agencyId, String agencyName, EventType type, EventSubmission submission, Long knownClientId) {
        List<Covering> covering = routing.covering(agencyId, type);
        List<Covering> active = covering.stream().filter(Covering::active).toList();
        List<String> refusals = covering.stream().filter(c -> !c.active()).map(c -> agreements.agencyName(c.recipientAgencyId())
                + " will not receive it: the agreement " + c.agreementCode() + " is suspended.").toList();
        if (active.isEmpty()) {
            String reason = covering.isEmpty()
                    ? "No sharing agreement lets " + agencyName + " send " + type.title + " to any agency. It would be refused and nothing stored."
                    : "Every sharing agreement that lets " + agencyName + " send " + type.title
                            + " is suspended. It would be refused and nothing stored.";
            return new Preview(List.of(), refusals, reason);
        }
        Set<String> filled = submission.data().keySet();
        Sensitivity category = type.sensitivityCategory();
        Map<Long, Boolean> consentGiven = category.needsConsent() && knownClientId != null
                ? consent.consentGiven(knownClientId, category, active.stream().map(Covering::recipientAgencyId).toList())
                : Map.of();
        Map<String, String> titles = new HashMap<>();
        agreements.activeFrom(agencyId).getOrDefault(type.code, List.of()).forEach(l -> titles.put(l.agreementCode(), l.agreementTitle()));
        List<RecipientLine> lines = new ArrayList<>();
        for (Covering c : active) {
            List<String> allowed = new ArrayList<>();
            List<String> withheld = new ArrayList<>();
            for (FieldDefinition field : type.fields) {
                if (filled.contains(field.name())) {
                    (c.allowedFields().contains(field.name()) ? allowed : withheld).add(field.label());
                }
            }
            String consentText = null;
            boolean minimum = false;
            if (category.needsConsent()) {
                if (knownClientId == null) {
                    consentText = "The person is not yet known to your agency on the network: minimum notice only unless consent is recorded."
                            + " With consent, it would see the fields listed.";
                    minimum = true;
                } else if (consentGiven.getOrDefault(c.recipientAgencyId(), false)) {
                    consentText = "The person's consent to share " + category.label.toLowerCase() + " details with this agency is in force.";
                } else {
                    consentText = "No consent in force for this agency: it gets a minimum notice only, with none of the details.";
                    minimum = true;
                    withheld.addAll(0, allowed);
                    allowed = List.of();
                }
            }
            lines.add(new RecipientLine(agreements.agencyName(c.recipientAgencyId()), titles.getOrDefault(c.agreementCode(), c.agreementCode()),
                    c.agreementCode(), SourceAgreements.legalBasis(c.legalBasis()), c.purpose(), allowed, withheld, consentText, minimum));
        }
        return new Preview(lines, refusals, null);
    }
}
