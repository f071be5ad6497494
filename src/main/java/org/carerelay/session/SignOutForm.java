package org.carerelay.session;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The CSRF token for the "Sign out" form in the page header ({@code inject:signOutForm}). Every page
 * carries that form, also error pages of requests that no resource handled (an unknown address, a
 * wrong method), where Quarkus's CSRF filter did not run and {@code inject:csrf.token} would fail:
 * there the token is the browser's CSRF cookie, which is what the filter compares the form field with.
 */
@Named("signOutForm")
@RequestScoped
public class SignOutForm {

    /** Where Quarkus's CSRF filter leaves the token of this request (CsrfRequestResponseReactiveFilter). */
    static final String FILTER_TOKEN = "csrf_token";

    @Inject
    RoutingContext routing;

    @ConfigProperty(name = "quarkus.rest-csrf.form-field-name", defaultValue = "csrf-token")
    String parameterName;

    @ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token")
    String cookieName;

    public String getParameterName() {
        return parameterName;
    }

    public String getToken() {
        Object token = routing.get(FILTER_TOKEN);
        if (token != null) {
            return token.toString();
        }
        Cookie cookie = routing.request().getCookie(cookieName);
        return cookie == null ? "" : cookie.getValue();
    }
}
