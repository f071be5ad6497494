package org.carerelay.sharing;

import org.carerelay.access.Purpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.CurrentUser;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * Records a consent decision told to a member of staff with a confirmed care relationship (not
 * under emergency access, not for a provisional client awaiting an identity check). Takes effect
 * on the next read of every delivery: a withdrawal hides the sensitive fields at once.
 */
@ApplicationScoped
public class ConsentRecording {

    @Inject
    AccessPolicy access;

    @Inject
    ConsentRegister consent;

    @Inject
    AgencyDirectory agencies;

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Transactional
    public void record(long clientId, String recipient, String category, String status) {
        AccessPolicy.ClientAccess granted = access.requireConfirmedRelationship(clientId, "consent");
        List<FieldError> errors = new ArrayList<>();
        Sensitivity sensitivity = null;
        try {
            sensitivity = category == null ? null : Sensitivity.of(category);
        } catch (IllegalArgumentException e) {
            sensitivity = null;
        }
        if (sensitivity == null || sensitivity == Sensitivity.GENERAL) {
            errors.add(new FieldError("category", "Choose behavioral health, health or safeguarding."));
        }
        ConsentStatus decision = status == null ? null : ConsentStatus.of(status).orElse(null);
        if (decision == null) {
            errors.add(new FieldError("status", "Choose given, refused or withdrawn."));
        }
        Long recipientId = null;
        if (recipient == null || recipient.isBlank()) {
            errors.add(new FieldError("recipient", "Choose an agency, or all agencies."));
        } else if (!recipient.equals("all")) {
            recipientId = agencies.find(recipient).map(AgencyDirectory.AgencyRef::id).orElse(null);
            if (recipientId == null) {
                errors.add(new FieldError("recipient", "Unknown agency " + recipient + "."));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The consent decision is incomplete; nothing was recorded.", errors);
        }
        consent.record(clientId, recipientId, sensitivity, decision, user.getUsername(), granted.agencyId(), clock.instant());
        audit.recordInTransaction(AuditRecord.write("consent", clientId, clientId, Purpose.CARE_DELIVERY,
                decision.code + " for " + sensitivity.code + " to " + recipient));
    }
}
