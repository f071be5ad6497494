package org.carerelay.sharing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.Sensitivity;

/**
 * A client's recorded consent (or refusal, or withdrawal) per recipient agency (or all agencies)
 * and sensitivity category. The latest record that applies to a recipient is in force: one for
 * that recipient, or one for all agencies, whichever was recorded last.
 */
@ApplicationScoped
public class ConsentRegister {

    public record ConsentEntry(Long recipientAgencyId, String category, String status, String recordedBy, Instant recordedAt) {
    }

    @Inject
    SharingStore store;

    @Transactional
    public void record(long clientId, Long recipientAgencyId, Sensitivity category, ConsentStatus status,
            String recordedBy, long recordedByAgencyId, Instant at) {
        store.recordConsent(clientId, recipientAgencyId, category.code, status, recordedBy, recordedByAgencyId, at);
    }

    /** For each recipient: whether consent for the category is given now (one query for all recipients). */
    public Map<Long, Boolean> consentGiven(long clientId, Sensitivity category, Collection<Long> recipients) {
        Map<Long, Boolean> given = new HashMap<>();
        recipients.forEach(r -> given.put(r, false));
        if (recipients.isEmpty()) {
            return given;
        }
        store.consentInForce(clientId, category.code, recipients)
                .forEach(c -> given.put(c.recipientAgencyId(), c.status() == ConsentStatus.GIVEN));
        return given;
    }

    public List<ConsentEntry> history(long clientId) {
        return store.consentHistory(clientId);
    }
}
