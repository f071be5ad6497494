package org.carerelay.web;

import io.quarkus.csrf.reactive.runtime.CsrfTokenUtils;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The two CSRF cookies. {@code csrf-token} (quarkus-rest-csrf's) holds the HMAC of the token under
 * the signature key; {@value #PAGE_COOKIE} holds the token itself, so that a page load can hand it
 * back to Quarkus instead of letting it make a new one (which would break the forms of every other
 * open tab). Both are HttpOnly and SameSite=Strict. A missing signature key, or one shorter than 32
 * characters, stops the start (Quarkus would run unsigned, or fail only at the first form).
 */
@ApplicationScoped
public class CsrfCookies {

    static final String PAGE_COOKIE = "csrf-page-token";

    /**
     * {@code carerelay.csrf-key}, which {@code quarkus.rest-csrf.token-signature-key} takes its value from: read
     * as a mapping so that a missing CARERELAY_CSRF_KEY is named when the start stops (Quarkus's own
     * optional setting would quietly run unsigned).
     */
    @ConfigMapping(prefix = "carerelay.csrf-key")
    public interface Key {
        @WithParentName
        @Size(min = 32, message = "CARERELAY_CSRF_KEY must be at least 32 characters, e.g. the output of: openssl rand -base64 48")
        String value();
    }

    @Inject
    Key key;

    @ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token")
    String cookieName;

    @ConfigProperty(name = "quarkus.rest-csrf.token-header-name", defaultValue = "X-CSRF-TOKEN")
    String headerName;

    @ConfigProperty(name = "quarkus.rest-csrf.cookie-max-age", defaultValue = "2H")
    Duration maxAge;

    @ConfigProperty(name = "quarkus.rest-csrf.cookie-force-secure", defaultValue = "false")
    boolean secure;

    String headerName() {
        return headerName;
    }

    /** The token the page cookie holds, when the signed cookie is its signature; otherwise null. */
    String pageToken(RoutingContext routing) {
        Cookie signed = routing.request().getCookie(cookieName);
        Cookie raw = routing.request().getCookie(PAGE_COOKIE);
        if (signed == null || raw == null) {
            return null;
        }
        try {
            boolean matches = MessageDigest.isEqual(CsrfTokenUtils.signCsrfToken(raw.getValue(), key.value()).getBytes(StandardCharsets.US_ASCII),
                    signed.getValue().getBytes(StandardCharsets.US_ASCII));
            return matches ? raw.getValue() : null;
        } catch (IllegalArgumentException e) {
            return null; // not base64url
        }
    }

    /** Keeps the page cookie on the token this response's forms carry, for as long as Quarkus keeps its cookie. */
    void keep(RoutingContext routing, String token) {
        routing.response().addCookie(pageCookie(token, maxAge.toSeconds()));
    }

    /** Drops both cookies, so that the next page load starts with a new token. */
    void drop(RoutingContext routing) {
        routing.response().addCookie(pageCookie("", 0));
        routing.response().addCookie(Cookie.cookie(cookieName, "").setPath("/").setMaxAge(0).setHttpOnly(true).setSecure(secure));
    }

    private Cookie pageCookie(String value, long maxAgeSeconds) {
        return Cookie.cookie(PAGE_COOKIE, value).setPath("/").setMaxAge(maxAgeSeconds).setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.STRICT);
    }
}
