package org.carerelay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server-side request forgery guard, with a fixed resolver (no network). */
class EndpointGuardTest {

    static final Map<String, String> DNS = Map.of(
            "partner.example.org", "203.0.113.10",
            "rebind.example.org", "169.254.169.254",
            "v6.example.org", "fe80::1",
            "aws6.example.org", "fd00:ec2::254",
            "mapped.example.org", "::ffff:169.254.169.254",
            "internal.example.org", "10.1.2.3",
            "localhost", "127.0.0.1");

    static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = host.matches("[0-9.]+|.*:.*") ? host : DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    final EndpointGuard production = new EndpointGuard(false, "https://carerelay.example.org", Set.of(8080, 9001), EndpointGuardTest::resolve);
    final EndpointGuard local = new EndpointGuard(true, "http://localhost:8081", Set.of(8081, 18081), EndpointGuardTest::resolve);

    @Test
    void aPartnersHttpsAddressIsAccepted() {
        assertEquals(Optional.empty(), production.problem("https://partner.example.org/hooks/carerelay?x=1"));
        assertEquals(Optional.empty(), production.problem("https://internal.example.org:8443/hooks"), "private links are allowed");
    }

    @Test
    void onlyHttpsOutsideTheLocalStack() {
        assertRefused(production, "http://partner.example.org/hooks", "https");
        assertRefused(production, "ftp://partner.example.org/hooks", "https");
        assertRefused(production, "file:///etc/passwd", "https");
        assertRefused(production, "gopher://partner.example.org/", "https");
        assertEquals(Optional.empty(), local.problem("http://partner.example.org/hooks"));
    }

    @Test
    void linkLocalAndMetadataAddressesAreRefusedHoweverWritten() {
        for (String url : new String[] {"https://169.254.169.254/latest/meta-data/", "https://rebind.example.org/", "https://[fe80::1]/",
            "https://v6.example.org/", "https://aws6.example.org/", "https://mapped.example.org/", "https://100.100.100.200/",
            "https://metadata.google.internal/computeMetadata/v1/"}) {
            assertTrue(production.problem(url).isPresent(), url);
            assertTrue(local.problem(url.replace("https:", "http:")).isPresent(), url);
        }
    }

    @Test
    void thePortalItselfIsRefused() {
        assertRefused(production, "https://carerelay.example.org/api/v1/events", "CareRelay itself");
        assertRefused(production, "https://CareRelay.example.org:443/x", "CareRelay itself");
        assertRefused(local, "http://localhost:8081/api/v1/feed", "CareRelay itself");
        assertRefused(local, "http://127.0.0.1:8081/", "CareRelay itself");
        assertRefused(local, "http://127.0.0.1:18081/q/metrics", "CareRelay itself");
        assertEquals(Optional.empty(), local.problem("http://127.0.0.1:45678/receiver"), "a test receiver on loopback");
        assertRefused(production, "https://localhost:8443/", "loopback");
    }

    @Test
    void malformedUnresolvableAndTrickyUrlsAreRefused() {
        assertRefused(production, "", "required");
        assertRefused(production, "not a url", "");
        assertRefused(production, "https://user:pass@partner.example.org/", "user info");
        assertRefused(production, "https://nowhere.invalid/", "does not resolve");
        assertRefused(production, "https://0.0.0.0/", "unspecified");
        assertRefused(production, "https://partner.example.org/" + "x".repeat(2000), "2000");
    }

    private static void assertRefused(EndpointGuard guard, String url, String why) {
        Optional<String> problem = guard.problem(url);
        assertTrue(problem.isPresent() && problem.get().contains(why), url + " → " + problem);
    }
}
