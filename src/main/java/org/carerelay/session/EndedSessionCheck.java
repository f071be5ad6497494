package org.carerelay.session;

import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses a portal session that has ended (signed out, or logged out in Keycloak) even when its
 * cookie is replayed from a copy: authentication fails as for a back-channel logout, so the portal
 * answers with the redirect to Keycloak's sign-in. Partner API tokens (no ID token) are not affected.
 */
@ApplicationScoped
public class EndedSessionCheck implements SecurityIdentityAugmentor {

    @Inject
    EndedSessions endedSessions;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        String sid = portalSessionId(identity);
        if (sid == null) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            if (endedSessions.isEnded(sid)) {
                // The failure Quarkus OIDC itself raises for a session logged out through the back channel: the code
                // flow answers it with the sign-in challenge (a redirect to Keycloak), not a bare 401.
                throw new io.quarkus.oidc.runtime.LogoutException();
            }
            return identity;
        });
    }

    /** The Keycloak session id of a portal (code flow) sign-in, or null for anything else. */
    static String portalSessionId(SecurityIdentity identity) {
        if (identity.isAnonymous() || identity.getCredential(IdTokenCredential.class) == null
                || !(identity.getPrincipal() instanceof JsonWebToken idToken)) {
            return null;
        }
        Object sid = idToken.getClaim("sid");
        String value = sid instanceof jakarta.json.JsonString json ? json.getString() : sid == null ? null : sid.toString();
        return value == null || value.isBlank() ? null : value;
    }
}
