package org.carerelay.session;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;

/**
 * Keycloak sessions that have ended, shared by every portal instance through PostgreSQL: the portal's
 * own sign-out and Keycloak's back-channel logout record the session id ({@code sid}); every signed-in
 * portal request asks {@link #isEnded}. One primary-key lookup, never cached, so a copied session
 * cookie stops working on every instance the moment the session ends.
 */
@ApplicationScoped
public class EndedSessions {

    public static final String SIGN_OUT = "sign-out";
    public static final String BACK_CHANNEL = "back-channel";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    /** Records the session as ended (idempotent: a later record of the same session changes nothing). */
    public void end(String sid, String how) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO ended_session (sid, ended_at, how) VALUES (?, ?, ?) ON CONFLICT (sid) DO NOTHING")) {
            s.setString(1, sid);
            s.setTimestamp(2, Timestamp.from(clock.instant()));
            s.setString(3, how);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the end of a session", e);
        }
    }

    /** True when the session was signed out or logged out in Keycloak. Blocking: call it off the event loop. */
    public boolean isEnded(String sid) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM ended_session WHERE sid = ?")) {
            s.setString(1, sid);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not check whether a session has ended", e);
        }
    }
}
