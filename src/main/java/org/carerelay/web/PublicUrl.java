package org.carerelay.web;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * The portal's address as people reach it ({@code carerelay.public-url}, e.g.
 * {@code https://carerelay.example.org}): the only origin state-changing portal requests may come
 * from, and the base of every redirect and absolute link. Never taken from the request's
 * {@code Host} header, which the caller controls. A malformed value stops the start.
 */
@Startup
@ApplicationScoped
public class PublicUrl {

    /** {@code carerelay.public-url}, read as a mapping so that a missing or malformed value is named when the start stops. */
    @ConfigMapping(prefix = "carerelay.public-url")
    public interface Config {
        @WithParentName
        @Pattern(regexp = "(?i)https?://[^/?#@\\s]+/?", message = "CARERELAY_PUBLIC_URL must be the portal's address as people reach it,"
                + " scheme and host only, such as https://carerelay.example.org")
        String value();
    }

    private final String origin;

    @Inject
    public PublicUrl(Config config) {
        this(config.value());
    }

    PublicUrl(String configured) {
        this.origin = origin(configured);
    }

    /** {@code scheme://host[:port]} in the form browsers send as {@code Origin}: lower case, no default port, no path. */
    static String origin(String configured) {
        URI uri;
        try {
            uri = new URI(configured.trim());
        } catch (URISyntaxException e) {
            throw invalid(configured);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(configured);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static IllegalArgumentException invalid(String configured) {
        return new IllegalArgumentException("carerelay.public-url (CARERELAY_PUBLIC_URL) must be the portal's address as people reach it,"
                + " scheme and host only, such as https://carerelay.example.org; it is \"" + configured + "\"");
    }

    public String origin() {
        return origin;
    }

    /** The absolute address of a portal path (with its query and fragment, if any). */
    public URI resolve(String path) {
        return URI.create(origin + (path.startsWith("/") ? path : "/" + path));
    }

    /** Is this {@code Origin} header the portal's own? */
    public boolean isOrigin(String header) {
        return header != null && header.trim().equalsIgnoreCase(origin);
    }

    /** Is this {@code Referer} a page of the portal? ({@code https://portal.example.org.evil.example/} is not.) */
    public boolean isOwnPage(String referer) {
        if (referer == null) {
            return false;
        }
        String r = referer.trim();
        return r.equalsIgnoreCase(origin) || r.regionMatches(true, 0, origin + "/", 0, origin.length() + 1)
                || r.regionMatches(true, 0, origin + "?", 0, origin.length() + 1);
    }
}
