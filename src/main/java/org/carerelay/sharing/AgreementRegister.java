package org.carerelay.sharing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Creates and changes sharing agreements. Routing reads them; it never guesses. */
@ApplicationScoped
public class AgreementRegister {

    /** An agreement as written down: event type code → allowed fields (null: all fields of the type). */
    public record Terms(String code, String title, long sourceAgencyId, long recipientAgencyId, LegalBasis basis,
            String purpose, LocalDate reviewDate, boolean active, Map<String, List<String>> eventTypes) {
    }

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    SharingStore store;

    /** Creates the agreement, or replaces the terms of the one with the same code. */
    @Transactional
    public long register(Terms terms) {
        SharingAgreement agreement = SharingAgreement.find("code", terms.code()).firstResult();
        if (agreement == null) {
            agreement = new SharingAgreement();
            agreement.code = terms.code();
            agreement.createdAt = clock.instant();
        }
        agreement.title = terms.title();
        agreement.sourceAgencyId = terms.sourceAgencyId();
        agreement.recipientAgencyId = terms.recipientAgencyId();
        agreement.legalBasis = terms.basis().code;
        agreement.purpose = terms.purpose();
        agreement.reviewDate = terms.reviewDate();
        agreement.status = AgreementStatus.of(terms.active()).code;
        agreement.persist();
        em.flush();
        store.replaceEventTypes(agreement.id, terms.eventTypes());
        return agreement.id;
    }

    @Transactional
    public void setActive(String code, boolean active) {
        store.setStatus(code, AgreementStatus.of(active));
    }
}
