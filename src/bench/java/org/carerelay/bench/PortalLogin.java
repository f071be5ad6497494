package org.carerelay.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.carerelay.harness.DemoUsers;

/**
 * Signs a demo user in to a portal instance through Keycloak's real login pages (identity-first:
 * a username page, then a password page), without a browser, and hands back the portal's session
 * cookies as a Cookie header for load tools. Sessions follow the realm's token lifetime (5 minutes),
 * so a benchmark step signs in again right before it runs.
 */
final class PortalLogin {

    private static final Pattern FORM = Pattern.compile("<form[^>]*?action=\"([^\"]+)\"[^>]*>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern HIDDEN = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

    private PortalLogin() {
    }

    /** The Cookie header of a fresh session of {@code username} (password "demo") on the portal at {@code portalUrl}. */
    static String cookieHeader(String portalUrl, String username) throws IOException, InterruptedException {
        // Cookies by hand: Keycloak marks its login cookies Secure, which a browser accepts on http://localhost but the
        // JDK's CookieManager never sends back over http. One jar for the host (cookies ignore ports).
        Map<String, String> jar = new LinkedHashMap<>();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> page = follow(http, jar, HttpRequest.newBuilder(URI.create(portalUrl + "/")));
        for (int step = 0; step < 3 && !page.uri().toString().startsWith(portalUrl); step++) {
            Matcher form = FORM.matcher(page.body());
            if (!form.find()) {
                throw new IllegalStateException("no login form at " + page.uri() + " (status " + page.statusCode() + ")");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher hidden = HIDDEN.matcher(form.group(2));
            while (hidden.find()) {
                Matcher n = NAME.matcher(hidden.group());
                Matcher v = VALUE.matcher(hidden.group());
                if (n.find()) {
                    fields.put(n.group(1), v.find() ? unescape(v.group(1)) : "");
                }
            }
            if (form.group(2).contains("name=\"username\"")) {
                fields.put("username", username);
            }
            if (form.group(2).contains("name=\"password\"")) {
                fields.put("password", DemoUsers.PASSWORD);
            }
            String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
            page = follow(http, jar, HttpRequest.newBuilder(page.uri().resolve(unescape(form.group(1))))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
        }
        if (!page.uri().toString().startsWith(portalUrl) || page.statusCode() != 200) {
            throw new IllegalStateException("signing in " + username + " ended at " + page.uri() + " with status " + page.statusCode());
        }
        String header = jar.entrySet().stream().filter(c -> c.getKey().startsWith("q_")).map(c -> c.getKey() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        if (!header.contains("q_session")) {
            throw new IllegalStateException("no portal session cookie after signing in " + username);
        }
        return header;
    }

    /** Sends the request with the jar's cookies, keeps the cookies it sets, and follows redirects (as GETs). */
    private static HttpResponse<String> follow(HttpClient http, Map<String, String> jar, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpResponse<String> response = null;
        for (int hop = 0; hop < 10; hop++) {
            if (!jar.isEmpty()) {
                request.setHeader("Cookie", jar.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                boolean expired = value.isEmpty() || set.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
                if (expired) {
                    jar.remove(name);
                } else {
                    jar.put(name, value);
                }
            }
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            if (status < 300 || status > 399 || location == null) {
                return response;
            }
            request = HttpRequest.newBuilder(response.uri().resolve(location));
        }
        return response;
    }

    /** Status of a GET with the session (200 means the session is good for the whole time since it was made). */
    static int status(String url, String cookieHeader) throws IOException, InterruptedException {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookieHeader).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }
}
