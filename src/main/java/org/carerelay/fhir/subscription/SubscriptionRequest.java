package org.carerelay.fhir.subscription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * Reads a Subscription a partner posts (already valid R4) into what CareRelay stores, or refuses it naming every
 * problem at its FHIRPath: the topic must be {@link TaskTopic#URL}; filters ({@code backport-filter-criteria}, all
 * must hold) are {@code Task?owner=Organization/<slug>}, {@code requester=…} and {@code status=<code>,…}; the channel a
 * {@code rest-hook} to an allowed URL, {@code application/fhir+json}, {@code id-only}; headers {@code Name: value}.
 */
final class SubscriptionRequest {

    /** What a valid request asks for. */
    record Asked(String endpoint, String reason, Long owner, Long requester, List<String> statuses, List<String> headers, Instant end) {
    }

    static final int MAX_HEADERS = 10;
    static final int MAX_REASON = 500;
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type", "connection", "expect", "upgrade",
            "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection", "user-agent", "webhook-id", "webhook-timestamp",
            "webhook-signature");

    private final List<FieldError> errors = new ArrayList<>();

    private SubscriptionRequest() {
    }

    /**
     * @param agencies the network's agencies by slug
     * @param urlProblem why an endpoint URL may not be used (the SSRF guard), empty when it may
     */
    static Asked read(Subscription s, Function<String, Optional<AgencyRef>> agencies, Function<String, Optional<String>> urlProblem, Instant now) {
        SubscriptionRequest request = new SubscriptionRequest();
        Asked asked = request.check(s, agencies, urlProblem, now);
        if (!request.errors.isEmpty()) {
            throw ProblemException.invalid(request.errors.size() == 1 ? "The Subscription has one problem." : "The Subscription has "
                    + request.errors.size() + " problems.", request.errors);
        }
        return asked;
    }

    private Asked check(Subscription s, Function<String, Optional<AgencyRef>> agencies, Function<String, Optional<String>> urlProblem, Instant now) {
        if (!TaskTopic.URL.equals(s.getCriteria())) {
            errors.add(new FieldError("Subscription.criteria", "must be the topic " + TaskTopic.URL
                    + " (Task created or changed; the one topic CareRelay offers, see the CapabilityStatement)"));
        }
        Map<String, String> filters = new LinkedHashMap<>();
        List<Extension> criteria = s.getCriteriaElement().getExtensionsByUrl(TaskTopic.FILTER_CRITERIA);
        for (int i = 0; i < criteria.size(); i++) {
            filter(criteria.get(i).getValue() == null ? "" : criteria.get(i).getValue().primitiveValue(),
                    "Subscription.criteria.extension[" + i + "]", filters);
        }
        Long owner = agency(filters.get("owner"), "owner", agencies);
        Long requester = agency(filters.get("requester"), "requester", agencies);
        List<String> statuses = statuses(filters.get("status"));

        Subscription.SubscriptionChannelComponent channel = s.getChannel();
        if (channel.getType() != SubscriptionChannelType.RESTHOOK) {
            errors.add(new FieldError("Subscription.channel.type", "must be rest-hook (CareRelay POSTs each notification to your endpoint)"));
        }
        String endpoint = channel.getEndpoint() == null ? null : channel.getEndpoint().trim();
        urlProblem.apply(endpoint).ifPresent(p -> errors.add(new FieldError("Subscription.channel.endpoint", p)));
        if (!"application/fhir+json".equals(channel.getPayload())) {
            errors.add(new FieldError("Subscription.channel.payload", "must be application/fhir+json (notifications are JSON only)"));
        }
        Extension content = channel.getPayloadElement().getExtensionByUrl(TaskTopic.PAYLOAD_CONTENT);
        if (content != null && (content.getValue() == null || !TaskTopic.ID_ONLY.equals(content.getValue().primitiveValue()))) {
            errors.add(new FieldError("Subscription.channel.payload.extension[0]", "only id-only: a notification names the Task; read it with"
                    + " your own token, so every read is access-checked and audited"));
        }
        List<String> headers = headers(channel);
        String reason = s.getReason() == null ? "" : s.getReason().strip();
        if (reason.length() > MAX_REASON || reason.indexOf('\0') >= 0) {
            errors.add(new FieldError("Subscription.reason", "at most " + MAX_REASON + " characters, no NUL character"));
        }
        Instant end = s.hasEnd() ? s.getEnd().toInstant() : null;
        if (end != null && !end.isAfter(now)) {
            errors.add(new FieldError("Subscription.end", "must be in the future (it is when notifications stop)"));
        }
        return new Asked(endpoint, reason, owner, requester, statuses, headers, end);
    }

    /** One filter: {@code Task?key=value&…}; each key at most once over all filters. */
    private void filter(String text, String path, Map<String, String> filters) {
        if (!text.startsWith("Task?") || text.length() == 5) {
            errors.add(new FieldError(path, "a filter is Task?owner=Organization/<id>, Task?requester=Organization/<id> or Task?status=<code>"));
            return;
        }
        for (String pair : text.substring(5).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            if (!Set.of("owner", "requester", "status").contains(key)) {
                errors.add(new FieldError(path, "unknown filter " + key + "; the topic filters by owner, requester and status"));
            } else if (value.isBlank()) {
                errors.add(new FieldError(path, key + " needs a value"));
            } else if (filters.putIfAbsent(key, value) != null) {
                errors.add(new FieldError(path, key + " is filtered twice; give it once (a comma-separated list for status)"));
            }
        }
    }

    private Long agency(String reference, String key, Function<String, Optional<AgencyRef>> agencies) {
        if (reference == null) {
            return null;
        }
        String slug = reference.startsWith("Organization/") ? reference.substring("Organization/".length()) : "";
        Optional<AgencyRef> agency = slug.isEmpty() ? Optional.empty() : agencies.apply(slug);
        if (agency.isEmpty()) {
            errors.add(new FieldError("Subscription.criteria.extension", key + "=" + reference
                    + ": not an Organization on the CareRelay network (Organization/<id>, as GET /fhir/r4/Organization lists them)"));
            return null;
        }
        return agency.get().id();
    }

    private List<String> statuses(String list) {
        if (list == null) {
            return List.of();
        }
        List<String> statuses = new ArrayList<>();
        for (String code : list.split(",")) {
            String c = code.trim().toLowerCase(Locale.ROOT);
            try {
                TaskStatus.fromCode(c);
                statuses.add(c);
            } catch (org.hl7.fhir.exceptions.FHIRException | IllegalArgumentException e) {
                errors.add(new FieldError("Subscription.criteria.extension", "status=" + code + ": not a Task status (requested, accepted,"
                        + " in-progress, completed, rejected, …)"));
            }
        }
        return statuses;
    }

    private List<String> headers(Subscription.SubscriptionChannelComponent channel) {
        List<String> headers = new ArrayList<>();
        if (channel.getHeader().size() > MAX_HEADERS) {
            errors.add(new FieldError("Subscription.channel.header", "at most " + MAX_HEADERS + " headers"));
            return headers;
        }
        for (int i = 0; i < channel.getHeader().size(); i++) {
            String line = channel.getHeader().get(i).getValue();
            int colon = line == null ? -1 : line.indexOf(':');
            String name = colon <= 0 ? "" : line.substring(0, colon).trim();
            String value = colon <= 0 ? "" : line.substring(colon + 1).trim();
            String path = "Subscription.channel.header[" + i + "]";
            if (!HEADER_NAME.matcher(name).matches()) {
                errors.add(new FieldError(path, "a header is \"Name: value\" with a token for its name"));
            } else if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(path, name + " is set by CareRelay itself"));
            } else if (value.length() > 2000 || value.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' || ch == 0x7f)) {
                errors.add(new FieldError(path, "the value of " + name + " must be at most 2000 characters, without control characters"));
            } else {
                headers.add(name + ": " + value);
            }
        }
        return headers;
    }
}
