package org.carerelay.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.push.EndpointStore.EndpointRow;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * An agency's webhook endpoints: registration (checked in full before anything is stored), pause and resume,
 * secret rotation, deletion, resending and test events. Every action names the caller's agency; another
 * agency's endpoint (or an unknown id) is a 404 with a denied audit entry. Changes are audited.
 */
@ApplicationScoped
public class Webhooks {

    /** Who acts, for the audit trail: a partner system (API) or an agency admin (portal). */
    public record Caller(long agencyId, String name, Purpose purpose) {
    }

    /** An endpoint as the API shows it (never its secret). */
    public record Endpoint(long id, String channel, String url, List<String> kinds, String description, String status, String statusReason,
            Instant createdAt, Instant lastSuccessAt, Instant lastFailureAt, String lastError, long backlog, long deadLetters,
            long lastSequence, Instant previousSecretExpiresAt) {

        static Endpoint of(EndpointRow r) {
            return new Endpoint(r.id(), r.channel().code, r.url(), r.kinds(), r.description(), r.status().code, r.statusReason(),
                    r.createdAt(), r.lastSuccessAt(), r.lastFailureAt(), r.lastError(), r.backlog(), r.deadLetters(), r.lastSequence(),
                    r.previousSecretExpiresAt());
        }
    }

    /** A new or rotated secret: shown this once. */
    public record WithSecret(Endpoint endpoint, String secret) {
    }

    static final Set<String> FIELDS = Set.of("url", "kinds", "description");
    static final int MAX_DESCRIPTION = 500;

    @Inject
    EndpointStore endpoints;

    @Inject
    Outbox outbox;

    @Inject
    SecretBox secrets;

    @Inject
    EndpointGuard guard;

    @Inject
    WebhookConfig config;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    /** Registers an endpoint from a JSON body {@code {url, kinds, description}}; 400 naming every bad field, nothing stored. */
    @Transactional
    public WithSecret register(Caller caller, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("The body must be a JSON object.", List.of(new FieldError("body", "must be a JSON object")));
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown field; allowed: url, kinds, description"));
            }
        });
        JsonNode urlNode = body.get("url");
        String url = urlNode != null && urlNode.isTextual() ? urlNode.asText().trim() : null;
        guard.problem(url).ifPresent(p -> errors.add(new FieldError("url", p)));
        List<String> kinds = kinds(body.get("kinds"), errors);
        JsonNode descriptionNode = body.get("description");
        String description = "";
        if (descriptionNode != null && !descriptionNode.isNull()) {
            if (!descriptionNode.isTextual()) {
                errors.add(new FieldError("description", "must be text"));
            } else {
                description = descriptionNode.asText().strip();
                if (description.length() > MAX_DESCRIPTION || description.indexOf('\0') >= 0) {
                    errors.add(new FieldError("description", "at most " + MAX_DESCRIPTION + " characters, no NUL character"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The webhook endpoint was not registered.", errors);
        }
        String secret = WebhookSigner.newSecret();
        long id = endpoints.insert(caller.agencyId(), url, kinds, description, secrets.seal(secret), caller.name(), clock.instant());
        audit.recordInTransaction(AuditRecord.write("webhook-endpoint", id, null, caller.purpose(),
                "registered " + url + " for " + String.join(", ", kinds)));
        return new WithSecret(Endpoint.of(endpoints.find(id).orElseThrow()), secret);
    }

    private static List<String> kinds(JsonNode node, List<FieldError> errors) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("kinds", "required: a list of one or more of " + String.join(", ", WebhookKind.subscribable())));
            return List.of();
        }
        Set<String> kinds = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode k = node.get(i);
            if (!k.isTextual() || !WebhookKind.subscribable().contains(k.asText())) {
                errors.add(new FieldError("kinds[" + i + "]", "unknown kind " + k + "; known: " + String.join(", ", WebhookKind.subscribable())));
            } else {
                kinds.add(k.asText());
            }
        }
        return List.copyOf(kinds);
    }

    public List<Endpoint> list(long agencyId) {
        return endpoints.forAgency(agencyId).stream().map(Endpoint::of).toList();
    }

    public List<EndpointRow> rows(long agencyId) {
        return endpoints.forAgency(agencyId);
    }

    public Endpoint get(Caller caller, long id) {
        return Endpoint.of(requireOwn(caller, id));
    }

    /** Pauses (messages are kept) or resumes (also an endpoint disabled by 410 or flagged failing). */
    @Transactional
    public Endpoint setPaused(Caller caller, long id, boolean paused) {
        EndpointRow row = requireOwn(caller, id);
        endpoints.setStatus(id, paused ? EndpointStatus.PAUSED : EndpointStatus.ACTIVE, paused ? "paused by " + caller.name() : null);
        audit.recordInTransaction(AuditRecord.write("webhook-endpoint", id, null, caller.purpose(),
                (paused ? "paused" : "resumed") + " (was " + row.status().code + ")"));
        return Endpoint.of(endpoints.find(id).orElseThrow());
    }

    /** A new secret; the previous one keeps signing too for the overlap ({@code carerelay.webhook.rotation-overlap}). */
    @Transactional
    public WithSecret rotate(Caller caller, long id) {
        requireOwn(caller, id);
        endpoints.lock(id);
        String secret = WebhookSigner.newSecret();
        endpoints.rotate(id, secrets.seal(secret), clock.instant().plus(config.rotationOverlap()));
        audit.recordInTransaction(AuditRecord.write("webhook-endpoint", id, null, caller.purpose(), "secret rotated"));
        return new WithSecret(Endpoint.of(endpoints.find(id).orElseThrow()), secret);
    }

    @Transactional
    public void delete(Caller caller, long id) {
        EndpointRow row = requireOwn(caller, id);
        endpoints.delete(id);
        audit.recordInTransaction(AuditRecord.write("webhook-endpoint", id, null, caller.purpose(),
                "deleted " + row.url() + " (" + row.backlog() + " unsent, " + row.deadLetters() + " dead letters dropped)"));
    }

    /** Queues one message again (delivered or dead), same webhook-id. 404 when the endpoint has no such message. */
    @Transactional
    public int resend(Caller caller, long id, String webhookId) {
        requireOwn(caller, id);
        if (webhookId == null || !webhookId.matches("msg_[0-9a-f]{32}")) {
            throw ProblemException.invalid("Say which message to resend.",
                    List.of(new FieldError("message", "the webhook-id of a message, msg_ followed by 32 hex digits")));
        }
        if (!endpoints.hasMessage(id, webhookId)) {
            throw ProblemException.notFound("No message " + webhookId + " for this endpoint.");
        }
        int queued = endpoints.resendOne(id, webhookId, clock.instant());
        if (queued == 0) {
            throw ProblemException.conflict("message-not-sent-yet", "Message " + webhookId + " is still waiting to be sent: nothing to resend.");
        }
        audit.recordInTransaction(AuditRecord.write("webhook-endpoint", id, null, caller.purpose(), "resend " + webhookId));
        return queued;
    }

    /** Queues again every delivered or dead message written since {@code at} (ISO-8601 instant). */
    @Transactional
    public int resendSince(Caller caller, long id, String at) {
        requireOwn(caller, id);
        Instant since;
        try {
            since = at == null ? null : Instant.parse(at.trim());
        } catch (DateTimeParseException e) {
            since = null;
        }
        if (since == null) {
            throw ProblemException.invalid("Say since when to resend.",
                    List.of(new FieldError("at", "an ISO-8601 instant such as 2026-11-24T10:00:00Z")));
        }
        int queued = endpoints.resendSince(id, since, clock.instant());
        audit.recordInTransaction(AuditRecord.write("webhook-endpoint", id, null, caller.purpose(),
                "resend since " + since + ": " + queued + " message(s)"));
        return queued;
    }

    /**
     * Stores a FHIR subscription (checked by the caller, fhir/subscription) as an endpoint of the caller's agency. It
     * gets a signing secret like every endpoint, never shown: its notifications carry the subscriber's own headers.
     */
    @Transactional
    public EndpointRow registerSubscription(Caller caller, EndpointStore.SubscriptionSpec spec) {
        long id = endpoints.insertSubscription(caller.agencyId(), spec, secrets.seal(WebhookSigner.newSecret()), caller.name(), clock.instant());
        audit.recordInTransaction(AuditRecord.write("webhook-endpoint", id, null, caller.purpose(),
                "FHIR subscription created: " + spec.url() + " for " + String.join(", ", spec.kinds())));
        return endpoints.find(id).orElseThrow();
    }

    /** One of the caller agency's FHIR subscriptions; anything else (a webhook, another agency's, unknown) is a 404, audited. */
    public EndpointRow subscription(Caller caller, long id) {
        EndpointRow row = requireOwn(caller, id, "subscription");
        if (!row.isSubscription()) {
            throw access.refuseGuess("webhook-endpoint", id, null, "a webhook endpoint, not a FHIR subscription",
                    "No Subscription " + id + " for your agency.");
        }
        return row;
    }

    public List<EndpointRow> subscriptions(long agencyId) {
        return endpoints.forAgency(agencyId).stream().filter(EndpointRow::isSubscription).toList();
    }

    /** A subscription's notifications by event number (for $events), after the ownership check. */
    public List<EndpointStore.Notification> notifications(Caller caller, long id, long since, long until, int limit) {
        subscription(caller, id);
        return endpoints.notifications(id, since, until, limit);
    }

    /** Queues a {@code test} message for the endpoint (whatever its kinds). */
    @Transactional
    public void sendTest(Caller caller, long id) {
        if (requireOwn(caller, id).isSubscription()) {
            throw ProblemException.conflict("no-test-for-subscriptions", "A FHIR subscription is sent only its topic's events, each with"
                    + " its event number; ask GET /fhir/r4/Subscription/" + id + "/$status to see that it works.");
        }
        OutboxStore.Target target = endpoints.lock(id).orElseThrow();
        ObjectNode data = json.createObjectNode().put("message", "A test event from CareRelay, sent on request by " + caller.name() + ".");
        outbox.recordFor(target, WebhookKind.TEST, data);
        audit.recordInTransaction(AuditRecord.write("webhook-endpoint", id, null, caller.purpose(), "test event queued"));
    }

    public List<EndpointStore.MessageRow> deadLetters(Caller caller, long id, int limit) {
        requireOwn(caller, id);
        return endpoints.messages(id, MessageState.DEAD, limit);
    }

    private EndpointRow requireOwn(Caller caller, long id) {
        return requireOwn(caller, id, "webhook endpoint");
    }

    private EndpointRow requireOwn(Caller caller, long id, String what) {
        return endpoints.find(id).filter(e -> e.agencyId() == caller.agencyId()).orElseThrow(() -> {
            boolean exists = endpoints.find(id).isPresent();
            return access.refuseGuess("webhook-endpoint", id, null, exists ? "another agency's " + what : "no such " + what,
                    what.equals("subscription") ? "No Subscription " + id + " for your agency." : "No webhook endpoint " + id + " for your agency.");
        });
    }
}
