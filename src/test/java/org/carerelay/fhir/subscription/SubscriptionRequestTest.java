package org.carerelay.fhir.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.web.ProblemException;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;

/** What a posted Subscription asks for, and every refusal named at its FHIRPath (the class alone, no server). */
class SubscriptionRequestTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final Map<String, AgencyRef> AGENCIES = Map.of("county-welfare", new AgencyRef(4, "county-welfare", "County Welfare", "welfare"),
            "northgate-housing", new AgencyRef(3, "northgate-housing", "Northgate Housing", "housing"));

    static Subscription valid() {
        Subscription s = new Subscription().setStatus(Subscription.SubscriptionStatus.REQUESTED).setReason("Our referrals").setCriteria(TaskTopic.URL);
        s.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint("https://cases.example.org/hooks")
                .setPayload("application/fhir+json");
        s.getChannel().getPayloadElement().addExtension(new Extension(TaskTopic.PAYLOAD_CONTENT, new CodeType("id-only")));
        return s;
    }

    static Subscription filtered(Subscription s, String... filters) {
        for (String f : filters) {
            s.getCriteriaElement().addExtension(new Extension(TaskTopic.FILTER_CRITERIA, new StringType(f)));
        }
        return s;
    }

    static SubscriptionRequest.Asked read(Subscription s) {
        return SubscriptionRequest.read(s, slug -> Optional.ofNullable(AGENCIES.get(slug)),
                url -> url != null && url.contains("169.254.") ? Optional.of("a link-local address") : Optional.empty(), NOW);
    }

    static List<String> refusedAt(Subscription s) {
        ProblemException e = assertThrows(ProblemException.class, () -> read(s));
        assertEquals(400, e.status);
        return e.errors.stream().map(ProblemException.FieldError::field).toList();
    }

    @Test
    void aPlainSubscriptionTakesEveryTaskChangeOfTheAgency() {
        SubscriptionRequest.Asked asked = read(valid());
        assertEquals("https://cases.example.org/hooks", asked.endpoint());
        assertNull(asked.owner());
        assertNull(asked.requester());
        assertTrue(asked.statuses().isEmpty());
        assertTrue(asked.headers().isEmpty());
        assertNull(asked.end());
    }

    @Test
    void filtersCombineOverExtensionsAndWithinOne() {
        SubscriptionRequest.Asked asked = read(filtered(valid(), "Task?owner=Organization/county-welfare&status=completed,rejected",
                "Task?requester=Organization/northgate-housing"));
        assertEquals(4L, asked.owner());
        assertEquals(3L, asked.requester());
        assertEquals(List.of("completed", "rejected"), asked.statuses());
    }

    @Test
    void headersAndEndAreKept() {
        Subscription s = valid();
        s.getChannel().addHeader("Authorization: Bearer abc");
        s.setEnd(Date.from(NOW.plusSeconds(3600)));
        SubscriptionRequest.Asked asked = read(s);
        assertEquals(List.of("Authorization: Bearer abc"), asked.headers());
        assertEquals(NOW.plusSeconds(3600), asked.end());
    }

    @Test
    void eachProblemIsNamedAtItsPath() {
        assertEquals(List.of("Subscription.criteria"), refusedAt(valid().setCriteria("http://example.org/topic")));
        assertEquals(List.of("Subscription.criteria.extension[0]"), refusedAt(filtered(valid(), "Encounter?patient=Patient/1")));
        assertEquals(List.of("Subscription.criteria.extension[0]"), refusedAt(filtered(valid(), "Task?priority=urgent")));
        assertEquals(List.of("Subscription.criteria.extension[1]"), refusedAt(filtered(valid(), "Task?status=completed", "Task?status=rejected")));
        assertEquals(List.of("Subscription.criteria.extension"), refusedAt(filtered(valid(), "Task?owner=Organization/nowhere")));
        assertEquals(List.of("Subscription.criteria.extension"), refusedAt(filtered(valid(), "Task?owner=Patient/4")));
        assertEquals(List.of("Subscription.criteria.extension"), refusedAt(filtered(valid(), "Task?status=done")));
        Subscription ssrf = valid();
        ssrf.getChannel().setEndpoint("http://169.254.169.254/latest");
        assertEquals(List.of("Subscription.channel.endpoint"), refusedAt(ssrf));
        Subscription email = valid();
        email.getChannel().setType(Subscription.SubscriptionChannelType.EMAIL);
        assertEquals(List.of("Subscription.channel.type"), refusedAt(email));
        Subscription xml = valid();
        xml.getChannel().setPayload("application/fhir+xml");
        assertEquals(List.of("Subscription.channel.payload"), refusedAt(xml));
        Subscription full = valid();
        full.getChannel().getPayloadElement().getExtensionFirstRep().setValue(new CodeType("full-resource"));
        assertEquals(List.of("Subscription.channel.payload.extension[0]"), refusedAt(full));
        for (String header : List.of("Host: evil.example.org", "Content-Type: text/plain", "no colon", "X-Bad: line\nbreak", "webhook-id: x")) {
            Subscription h = valid();
            h.getChannel().addHeader(header);
            assertEquals(List.of("Subscription.channel.header[0]"), refusedAt(h), header);
        }
        Subscription past = valid();
        past.setEnd(Date.from(NOW.minusSeconds(1)));
        assertEquals(List.of("Subscription.end"), refusedAt(past));
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        Subscription s = filtered(valid().setCriteria("http://example.org/topic"), "Task?colour=red");
        s.getChannel().setEndpoint("http://169.254.169.254/").setPayload("text/plain");
        assertEquals(List.of("Subscription.criteria", "Subscription.criteria.extension[0]", "Subscription.channel.endpoint",
                "Subscription.channel.payload"), refusedAt(s));
    }
}
