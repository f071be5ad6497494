package org.carerelay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The configured public URL: its origin as browsers send it, and which Origin and Referer headers are the portal's own. */
class PublicUrlTest {

    @Test
    void theOriginIsSchemeHostAndAnyPortThatIsNotTheDefault() {
        assertEquals("https://carerelay.example.org", PublicUrl.origin("https://CareRelay.example.org/"));
        assertEquals("https://carerelay.example.org", PublicUrl.origin("https://carerelay.example.org:443"));
        assertEquals("http://localhost:8085", PublicUrl.origin("http://localhost:8085"));
        assertEquals("http://localhost", PublicUrl.origin("http://localhost:80"));
    }

    @Test
    void anythingButAPlainAddressStopsTheStart() {
        for (String bad : new String[] {"carerelay.example.org", "ftp://carerelay.example.org", "https://carerelay.example.org/portal",
            "https://carerelay.example.org/?x=1", "https://user@carerelay.example.org", "not a url", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicUrl.origin(bad), bad);
            assertTrue(e.getMessage().contains("CARERELAY_PUBLIC_URL"), e.getMessage());
        }
    }

    @Test
    void onlyThePortalsOwnOriginAndPagesCount() {
        PublicUrl url = new PublicUrl("https://carerelay.example.org");
        assertTrue(url.isOrigin("https://carerelay.example.org"));
        assertFalse(url.isOrigin("https://carerelay.example.org.evil.example"));
        assertFalse(url.isOrigin("http://carerelay.example.org"));
        assertFalse(url.isOrigin("null"));
        assertFalse(url.isOrigin(null));
        assertTrue(url.isOwnPage("https://carerelay.example.org/worklist?state=new"));
        assertTrue(url.isOwnPage("https://carerelay.example.org"));
        assertFalse(url.isOwnPage("https://carerelay.example.org.evil.example/worklist"));
        assertFalse(url.isOwnPage("https://carerelay.example.org@evil.example/"));
        assertFalse(url.isOwnPage(null));
        assertEquals("https://carerelay.example.org/team?notice=abc", url.resolve("/team?notice=abc").toString());
    }
}
