package org.carerelay.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.carerelay.sql.Row;
import org.carerelay.sql.SqlValues;
import java.time.Instant;
import java.util.List;

/** Sets and clears a client's status markers as the catalogue says an event does. */
@ApplicationScoped
public class ClientMarkers {

    public record ActiveMarker(String code, String label, Instant setAt) {
    }

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(long clientId, long eventId, Instant at, String[] sets, String[] clears) {
        if (clears.length > 0) {
            em.createNativeQuery("DELETE FROM client_marker WHERE client_id = :c AND marker = ANY(CAST(:m AS TEXT[]))")
                    .setParameter("c", clientId).setParameter("m", SqlValues.arrayLiteral(List.of(clears))).executeUpdate();
        }
        if (sets.length > 0) {
            em.createNativeQuery("""
                    INSERT INTO client_marker (client_id, marker, set_by_event_id, set_at)
                    SELECT :c, m, :e, :at FROM unnest(CAST(:m AS TEXT[])) AS m
                    ON CONFLICT (client_id, marker) DO UPDATE SET set_by_event_id = EXCLUDED.set_by_event_id, set_at = EXCLUDED.set_at""")
                    .setParameter("c", clientId).setParameter("e", eventId).setParameter("at", at)
                    .setParameter("m", SqlValues.arrayLiteral(List.of(sets))).executeUpdate();
        }
    }

    public List<ActiveMarker> active(long clientId) {
        return Row.all(Row.query(em, "SELECT marker, set_at FROM client_marker WHERE client_id = :c ORDER BY set_at DESC")
                .setParameter("c", clientId)).stream().map(r -> {
                    String code = r.text("marker");
                    return new ActiveMarker(code, StatusMarker.of(code).map(m -> m.label).orElse(code), r.instant("set_at"));
                }).toList();
    }
}
