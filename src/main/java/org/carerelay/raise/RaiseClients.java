package org.carerelay.raise;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.List;
import org.carerelay.access.AccessPolicy;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.clients.Client;
import org.carerelay.clients.ClientStore;
import org.carerelay.web.ProblemException;

/**
 * The client an event is raised about, when the form starts from an existing client: the access
 * policy decides (and audits a refusal); the name and date of birth shown are audited as a view.
 */
@ApplicationScoped
public class RaiseClients {

    /** A client the user may see, and this agency's local id for them (null when it has none yet). */
    public record Prefilled(long clientId, String givenName, String familyName, LocalDate birthDate, String localId) {

        public String name() {
            return givenName + " " + familyName;
        }
    }

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    ClientStore identities;

    @Transactional
    public Prefilled open(long clientId) {
        AccessPolicy.ClientAccess granted = access.requireClientRecord(clientId, "raise-event-client");
        Client client = Client.findById(clientId);
        if (client == null) {
            throw ProblemException.notFound("There is no client " + clientId + ".");
        }
        String localId = identities.firstLocalId(granted.agencyId(), clientId).orElse(null);
        audit.record(AuditRecord.view("raise-event-client", clientId, clientId, List.of(),
                List.of("client.givenName", "client.familyName", "client.birthDate"), granted.purpose()));
        return new Prefilled(clientId, client.givenName, client.familyName, client.birthDate, localId);
    }

    /** The client this agency already knows under a local id, or null: no matching by name here. */
    @Transactional
    public Long byLocalId(long agencyId, String localId) {
        if (localId == null || localId.isBlank()) {
            return null;
        }
        return identities.clientByLocalId(agencyId, localId.trim()).orElse(null);
    }
}
