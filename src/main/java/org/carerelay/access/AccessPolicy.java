package org.carerelay.access;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.clients.CareRelationships;
import org.carerelay.deliveries.Delivery;
import org.carerelay.events.SharedEvent;
import org.carerelay.handover.Handover;
import org.carerelay.sharing.ConsentRegister;
import org.carerelay.sql.Row;
import org.carerelay.web.ProblemException;

/**
 * The single access decision point. Every read of client data in the portal and the API asks
 * it: may this user (agency, roles) open this client's records, for which purpose, and which
 * fields of each event may they see. Denials are audited here, before the refusal is thrown.
 *
 * Rules: a care relationship (or an active break-glass grant) is required; commissioners never
 * see client-level records; agency admins and privacy officers see no clinical records unless
 * they also hold frontline; visible fields = the recipient's agreement fields ∩ what the role
 * may see ∩ consent in force now.
 */
@ApplicationScoped
public class AccessPolicy {

    /** Permission to open one client's records, and on what basis. */
    public record ClientAccess(long clientId, long agencyId, Purpose purpose, BreakGlass.Grant breakGlass) {
        public boolean viaBreakGlass() {
            return breakGlass != null;
        }
    }

    /** What the viewer may see of one event: the field names, or why they are withheld. */
    public record EventFields(List<String> fields, boolean minimumNotice, String withheldReason) {
    }

    @Inject
    CurrentUser user;

    @Inject
    CareRelationships relationships;

    @Inject
    BreakGlass breakGlass;

    @Inject
    ConsentRegister consent;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    /** May the signed-in person open this client's shared record? Audits and throws 403 when not. */
    public ClientAccess requireClientRecord(long clientId, String resourceType) {
        long agencyId = requireAgency();
        if (!user.isFrontline() || user.isCommissioner()) {
            String reason = user.isCommissioner()
                    ? "Commissioners see aggregate reports only, never a client's record."
                    : user.isPrivacyOfficer() ? "Privacy officers see access records and disclosures, not clinical records."
                    : user.isAgencyAdmin() ? "Agency admins manage accounts; they see client records only if they also hold the frontline role."
                    : user.isIdentitySteward() ? "Identity stewards see the identity details of identity exceptions, not clinical records."
                    : "Your role does not give access to client records.";
            throw deny(resourceType, clientId, Purpose.CARE_DELIVERY, "role-not-permitted", reason);
        }
        if (relationships.exists(clientId, agencyId)) {
            return new ClientAccess(clientId, agencyId, Purpose.CARE_DELIVERY, null);
        }
        BreakGlass.Grant grant = breakGlass.activeGrant(clientId, user.getUsername());
        if (grant != null) {
            return new ClientAccess(clientId, agencyId, Purpose.BREAK_GLASS, grant);
        }
        throw deny(resourceType, clientId, Purpose.CARE_DELIVERY, "no-care-relationship",
                "Your agency has no care relationship with this client. In an emergency you can request time-limited access; it will be reviewed.");
    }

    /**
     * May the signed-in person act for the client as their agency's carer (record consent)? This
     * needs a confirmed care relationship: not emergency access, and not a provisional client whose
     * identity exception an identity steward has yet to decide. Audits and throws 403 when not.
     */
    public ClientAccess requireConfirmedRelationship(long clientId, String resourceType) {
        ClientAccess granted = requireClientRecord(clientId, resourceType);
        if (granted.viaBreakGlass()) {
            throw deny(resourceType, clientId, Purpose.BREAK_GLASS, "no-confirmed-relationship",
                    "Consent is recorded by an agency with a care relationship, not under emergency access.");
        }
        if (relationships.awaitingIdentityCheck(clientId)) {
            throw deny(resourceType, clientId, Purpose.CARE_DELIVERY, "no-confirmed-relationship",
                    "This person may be a client already known on the network, and an identity steward has not yet checked. "
                            + "Consent can be recorded once the identity check is done.");
        }
        return granted;
    }

    /** May the signed-in person resolve identity exceptions? Only identity stewards; audits and throws 403 when not. */
    public long requireIdentitySteward(String resourceType, Object resourceId) {
        long agencyId = requireAgency();
        if (!user.isIdentitySteward()) {
            audit.record(AuditRecord.denied(resourceType, resourceId, null, Purpose.IDENTITY_RESOLUTION, "role not permitted"));
            throw new ProblemException(403, "role-not-permitted", "Access refused", "Only identity stewards resolve identity exceptions.");
        }
        return agencyId;
    }

    /** May the signed-in privacy officer see this client's access records and disclosures? */
    public ClientAccess requirePrivacyReview(long clientId, String resourceType) {
        long agencyId = requireAgency();
        if (!user.isPrivacyOfficer()) {
            throw deny(resourceType, clientId, Purpose.PRIVACY_REVIEW, "role-not-permitted", "Only privacy officers see disclosures and access records.");
        }
        if (!relationships.exists(clientId, agencyId)) {
            throw deny(resourceType, clientId, Purpose.PRIVACY_REVIEW, "no-care-relationship",
                    "Your agency holds no records of this client.");
        }
        return new ClientAccess(clientId, agencyId, Purpose.PRIVACY_REVIEW, null);
    }

    /**
     * The delivery must be one routed to the caller's agency (a person's or a partner system's). Any
     * other id, another agency's or one that does not exist, gets the same 404, so a guess reveals
     * nothing; the refusal is audited naming the delivery tried (with its client when it exists, so
     * that the client's agencies see the attempt in their access log). Reads without locking the row.
     */
    public void requireOwnDelivery(long deliveryId, long agencyId) {
        Optional<Row> delivery = Row.first(Row.query(em, "SELECT recipient_agency_id, client_id FROM delivery WHERE id = :id")
                .setParameter("id", deliveryId));
        if (delivery.isPresent() && delivery.get().id("recipient_agency_id") == agencyId) {
            return;
        }
        throw refuseGuess("delivery", deliveryId, delivery.map(d -> d.id("client_id")).orElse(null),
                delivery.isEmpty() ? "no such delivery" : "not the recipient agency", "No delivery " + deliveryId + " for your agency.");
    }

    /** A handover version the caller's agency may open: as its source, or as a recipient with its delivery of this version. */
    public record HandoverAccess(Handover handover, long agencyId, boolean source, Delivery delivery) {
    }

    /**
     * May the signed-in person's agency open this handover version (its page, print view, actions, queries)? Its
     * source agency may, and an agency with a delivery of this version's event: the same rule as the FHIR Bundle
     * read, so a correction shared under changed agreements reaches only its own recipients. A draft is no handover
     * yet (its source edits it on the draft form). Anything else, an unknown id included, gets the same 404 and
     * one denied entry naming the handover as {@code resourceType} (never the client as the resource).
     */
    public HandoverAccess requireHandover(long handoverId, String resourceType) {
        long agencyId = requireAgency();
        Handover h = Handover.findById(handoverId);
        Delivery mine = h == null || h.eventId == null ? null
                : Delivery.<Delivery>find("eventId = ?1 and recipientAgencyId = ?2", h.eventId, agencyId).firstResult();
        if (h == null || h.isDraft() || (h.sourceAgencyId != agencyId && mine == null)) {
            boolean shared = h != null && !h.isDraft();
            throw refuseGuess(resourceType, handoverId, shared ? h.clientId : null,
                    shared ? "handover not shared with your agency" : "no such handover", "There is no handover " + handoverId + ".");
        }
        return new HandoverAccess(h, agencyId, h.sourceAgencyId == agencyId, mine);
    }

    /**
     * A refused id: 404 with the same message whether the resource does not exist or belongs to
     * someone else, and one denied audit entry naming the resource tried. The entry is committed in
     * its own transaction, so it stays when the caller's work rolls back.
     */
    public ProblemException refuseGuess(String resourceType, long id, Long clientId, String reason, String message) {
        audit.record(AuditRecord.denied(resourceType, id, clientId, callerPurpose(), reason));
        return ProblemException.notFound(message);
    }

    private Purpose callerPurpose() {
        return Arc.container().requestContext().isActive() && user.has(Role.PARTNER_SYSTEM) ? Purpose.PARTNER_SYSTEM : Purpose.CARE_DELIVERY;
    }

    /** Which side of a delivery a partner system is on. */
    public enum Party {
        SOURCE, RECIPIENT
    }

    /**
     * May this partner system see this delivery (a FHIR Task)? Its recipient may, and its source (the
     * loop is closed); any other agency gets 404, audited, so that the delivery's existence is not disclosed.
     */
    public Party requireDeliveryParty(Delivery delivery, SharedEvent event, long callerAgencyId, String resourceType, String notFound) {
        if (delivery.recipientAgencyId == callerAgencyId) {
            return Party.RECIPIENT;
        }
        if (event.sourceAgencyId == callerAgencyId) {
            return Party.SOURCE;
        }
        throw refuseForPartner(resourceType, delivery.id, delivery.clientId, "neither the source nor the recipient agency", notFound);
    }

    /**
     * May this partner system read this client's shared data (identity, events, consent, markers)? Its
     * agency needs a care relationship with the client (partner systems have no break-glass); otherwise
     * 404, audited.
     */
    public ClientAccess requireClientForPartner(long clientId, long callerAgencyId, String resourceType, Object resourceId, String notFound) {
        if (relationships.exists(clientId, callerAgencyId)) {
            return new ClientAccess(clientId, callerAgencyId, Purpose.PARTNER_SYSTEM, null);
        }
        throw refuseForPartner(resourceType, resourceId, clientId, "no care relationship with the client", notFound);
    }

    /**
     * A refused partner read (another agency's record, or none at all): one denied audit entry, then a
     * 404 that discloses nothing about the record.
     */
    public ProblemException refuseForPartner(String resourceType, Object resourceId, Long clientId, String reason, String notFound) {
        audit.record(AuditRecord.denied(resourceType, resourceId, clientId, Purpose.PARTNER_SYSTEM, reason));
        return ProblemException.notFound(notFound);
    }

    /**
     * The fields of an event the viewer's agency may see. The source sees what it sent; a
     * recipient sees its agreement's fields, minus sensitive ones without consent in force now;
     * under break-glass every field but behavioral-health ones without consent; anyone else none.
     */
    public EventFields eventFields(long viewerAgencyId, boolean breakGlassAccess, SharedEvent event, EventType type,
            Delivery viewerDelivery) {
        List<String> present = type.fieldNames().stream().filter(event.data::containsKey).toList();
        Sensitivity category = type.sensitivityCategory();
        boolean consentNeeded = category.needsConsent();
        if (event.sourceAgencyId == viewerAgencyId) {
            return new EventFields(present, false, null);
        }
        if (viewerDelivery != null) {
            if (consentNeeded && !consentNow(event.clientId, category, viewerAgencyId)) {
                return new EventFields(List.of(), true, viewerDelivery.minimumNotice
                        ? "Minimum notice: the client has not given consent to share " + category.label.toLowerCase() + " details with your agency. Contact the source agency."
                        : "The client's consent for " + category.label.toLowerCase() + " details is no longer in force, so the details are withheld. Contact the source agency.");
            }
            List<String> shared = new ArrayList<>(List.of(viewerDelivery.sharedFields));
            shared.retainAll(present);
            return new EventFields(shared, false, shared.size() < present.size()
                    ? "Some fields are withheld: your agency's sharing agreement does not include them." : null);
        }
        if (breakGlassAccess) {
            if (consentNeeded && !consentNow(event.clientId, category, viewerAgencyId)) {
                return new EventFields(List.of(), false, "Behavioral-health details stay withheld without the client's consent, even under emergency access.");
            }
            return new EventFields(present, false, null);
        }
        return new EventFields(List.of(), false, "Not shared with your agency: no sharing agreement covers this event for you.");
    }

    /**
     * May a multi-agency concern name this signal's event (its type and source agency) to the viewer's agency? Only to
     * the event's source, and to an agency it was delivered to when its category needs no consent or consent is in
     * force now; to anyone else it is only counted ("one further signal from another agency").
     */
    public boolean mayNameSignal(long viewerAgencyId, long clientId, long sourceAgencyId, boolean deliveredToViewer, Sensitivity category) {
        if (sourceAgencyId == viewerAgencyId) {
            return true;
        }
        return deliveredToViewer && (!category.needsConsent() || consentNow(clientId, category, viewerAgencyId));
    }

    private boolean consentNow(long clientId, Sensitivity category, long agencyId) {
        return consent.consentGiven(clientId, category, List.of(agencyId)).get(agencyId);
    }

    private long requireAgency() {
        return user.requireAgencyId();
    }

    private ProblemException deny(String resourceType, long clientId, Purpose purpose, String type, String reason) {
        audit.record(AuditRecord.denied(resourceType, clientId, clientId, purpose, reason));
        return new ProblemException(403, type, "Access refused", reason);
    }
}
