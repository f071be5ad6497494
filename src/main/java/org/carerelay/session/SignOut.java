package org.carerelay.session;

import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Signing out of the portal: the Keycloak session is recorded as ended (so a copy of the session
 * cookie is refused on every instance from now on), this browser's session cookie is removed, and the
 * browser goes on to Keycloak's end-session endpoint, which ends the single sign-on session and tells
 * the other clients (back-channel logout) before it returns to the portal's start page.
 */
@RequestScoped
public class SignOut {

    @Inject
    OidcSession session;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    OidcConfigurationMetadata keycloak;

    @Inject
    EndedSessions endedSessions;

    @ConfigProperty(name = "quarkus.oidc.client-id")
    String clientId;

    @ConfigProperty(name = "quarkus.oidc.authentication.force-redirect-https-scheme", defaultValue = "false")
    boolean forceHttps;

    /** Ends the session; returns where the browser goes next (Keycloak's end-session endpoint). Blocking. */
    public URI signOut(URI portalBase) {
        String rawIdToken = idToken.getRawToken();
        Object sid = idToken.getClaim("sid");
        if (sid != null) {
            endedSessions.end(sid instanceof jakarta.json.JsonString json ? json.getString() : sid.toString(), EndedSessions.SIGN_OUT);
        }
        session.logout().await().indefinitely();
        String back = portalBase.resolve("/").toString();
        if (forceHttps && back.startsWith("http://")) {
            back = "https://" + back.substring("http://".length());
        }
        String endSession = keycloak.getEndSessionUri();
        return URI.create(endSession + (endSession.contains("?") ? "&" : "?")
                + "client_id=" + encode(clientId)
                + (rawIdToken == null ? "" : "&id_token_hint=" + encode(rawIdToken))
                + "&post_logout_redirect_uri=" + encode(back));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
