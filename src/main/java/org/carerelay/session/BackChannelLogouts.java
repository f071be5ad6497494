package org.carerelay.session;

import io.quarkus.oidc.SecurityEvent;
import io.quarkus.oidc.common.runtime.OidcConstants;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import org.jboss.logging.Logger;

/**
 * Keycloak's back-channel logout (POST /logout/back-channel, a logout token signed by the realm):
 * Quarkus OIDC verifies the token and remembers the session in this instance's memory only; this
 * records the session id in {@link EndedSessions} too, so every instance refuses the session at once.
 */
@ApplicationScoped
public class BackChannelLogouts {

    private static final Logger LOG = Logger.getLogger(BackChannelLogouts.class);

    @Inject
    EndedSessions endedSessions;

    /** Fired asynchronously (a worker thread) once Quarkus has verified the logout token. */
    void onLogout(@ObservesAsync SecurityEvent event) {
        if (event.getEventType() != SecurityEvent.Type.OIDC_BACKCHANNEL_LOGOUT_INITIATED) {
            return;
        }
        JsonObject claims = claims(event.getEventProperties().get(OidcConstants.BACK_CHANNEL_LOGOUT_TOKEN));
        String sid = claims == null ? null : claims.getString("sid");
        if (sid == null) {
            LOG.warn("A back-channel logout token without a session id (sid) was accepted; only this instance knows of it");
            return;
        }
        endedSessions.end(sid, EndedSessions.BACK_CHANNEL);
    }

    /**
     * The verified token's claims. Quarkus passes its TokenVerificationResult, whose claims field has no
     * accessor: read it reflectively, and fail soft (a warning, the in-memory logout still applies).
     */
    static JsonObject claims(Object verification) {
        if (verification == null) {
            return null;
        }
        try {
            Field field = verification.getClass().getDeclaredField("localVerificationResult");
            field.setAccessible(true);
            return (JsonObject) field.get(verification);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Cannot read the back-channel logout token's claims (%s); only this instance knows of the logout", e);
            return null;
        }
    }
}
