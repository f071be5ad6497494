package org.carerelay.agencies;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carerelay.access.CurrentUser;
import org.carerelay.sql.Row;
import org.carerelay.sql.SqlValues;

/**
 * The people of each agency as their Keycloak token last described them. Recorded when they use
 * the portal (at most once an hour per person and instance) and by the demo loader, so that team
 * leads can assign work to colleagues by name.
 */
@ApplicationScoped
public class StaffDirectory {

    public record StaffMember(String username, String displayName, List<String> roles) {
        public boolean frontline() {
            return roles.contains("frontline");
        }
    }

    private static final Duration REFRESH = Duration.ofHours(1);

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    private final Map<String, Instant> recorded = new ConcurrentHashMap<>();

    /** Notes that the signed-in person works at their agency (cheap when already noted recently). */
    public void seen(CurrentUser user) {
        if (!user.isAuthenticated() || user.agency().isEmpty()) {
            return;
        }
        Instant last = recorded.get(user.getUsername());
        if (last != null && last.plus(REFRESH).isAfter(clock.instant())) {
            return;
        }
        record(user.getUsername(), user.getDisplayName(), user.agency().get().id(),
                user.roles().stream().map(r -> r.keycloakName).toList());
    }

    @Transactional
    public void record(String username, String displayName, long agencyId, List<String> roles) {
        em.createNativeQuery("""
                INSERT INTO staff_member (username, display_name, agency_id, roles, last_seen_at)
                VALUES (:u, :n, :a, CAST(:r AS TEXT[]), :at)
                ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, agency_id = EXCLUDED.agency_id,
                    roles = EXCLUDED.roles, last_seen_at = EXCLUDED.last_seen_at""")
                .setParameter("u", username).setParameter("n", displayName).setParameter("a", agencyId)
                .setParameter("r", SqlValues.arrayLiteral(roles)).setParameter("at", clock.instant()).executeUpdate();
        recorded.put(username, clock.instant());
    }

    /** The agency's people who hold the frontline role, by name. */
    public List<StaffMember> frontline(long agencyId) {
        return Row.all(Row.query(em, """
                SELECT username, display_name, roles FROM staff_member
                WHERE agency_id = :a AND 'frontline' = ANY(roles) ORDER BY display_name""")
                .setParameter("a", agencyId)).stream()
                .map(r -> new StaffMember(r.text("username"), r.text("display_name"), r.texts("roles"))).toList();
    }

    public boolean isFrontlineOf(String username, long agencyId) {
        return frontline(agencyId).stream().anyMatch(m -> m.username().equals(username));
    }
}
