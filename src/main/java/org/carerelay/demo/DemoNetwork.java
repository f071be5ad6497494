package org.carerelay.demo;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.sql.Row;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads the demo network (shared/spec DEMO-NETWORK.md) at start when enabled: the local stack and
 * the tests use it, production never does. Idempotent.
 */
@ApplicationScoped
public class DemoNetwork {

    private static final Logger LOG = Logger.getLogger(DemoNetwork.class);

    public record DemoAgency(String slug, String name, String kind) {
    }

    public static final List<DemoAgency> AGENCIES = List.of(
            new DemoAgency("riverside-hospital", "Riverside General Hospital — Discharge Team", "hospital"),
            new DemoAgency("eastside-community", "Eastside Community Response Team", "community-health"),
            new DemoAgency("mindbridge-bh", "MindBridge Digital Behavioral Health Access", "behavioral-health"),
            new DemoAgency("harbor-support", "Harbor Community Support", "community-support"),
            new DemoAgency("northgate-housing", "Northgate Housing Association", "housing"),
            new DemoAgency("county-welfare", "County Welfare and Benefits Support", "social-support"),
            new DemoAgency("county-commissioning", "County Health and Care Commissioning", "commissioner"));

    @ConfigProperty(name = "carerelay.demo-network.enabled")
    boolean enabled;

    /** Clients in the demo history; 0 for none (tests). Loaded once, into an empty exchange. */
    @ConfigProperty(name = "carerelay.demo-network.history-clients", defaultValue = "0")
    int historyClients;

    @Inject
    DemoHistory history;

    @Inject
    org.carerelay.agencies.StaffDirectory staff;

    @Inject
    jakarta.persistence.EntityManager em;

    @Inject
    AgencyDirectory agencies;

    @Inject
    org.carerelay.sharing.AgreementRegister agreements;

    @Inject
    java.time.Clock clock;

    @jakarta.transaction.Transactional
    boolean noEventsYet() {
        return Row.first(Row.query(em, "SELECT NOT EXISTS (SELECT 1 FROM shared_event) AS empty")).orElseThrow().bool("empty");
    }

    void onStart(@Observes @jakarta.annotation.Priority(30) StartupEvent event) {
        if (!enabled) {
            return;
        }
        AGENCIES.forEach(a -> agencies.register(a.slug(), a.name(), a.kind()));
        DemoAgreements.register(agreements, agencies, java.time.LocalDate.now(clock));
        DemoStaff.register(staff, agencies);
        LOG.infof("Demo network loaded: %d agencies and their sharing agreements", AGENCIES.size());
        if (historyClients > 0 && noEventsYet()) {
            history.load(historyClients);
        }
    }
}
