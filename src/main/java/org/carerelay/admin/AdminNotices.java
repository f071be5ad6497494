package org.carerelay.admin;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the Agency users page says once after a change (post, redirect, get). Kept in memory under a
 * random key for a few minutes, readable once and only by the admin who made the change, so that a
 * temporary password never travels in a URL. A notice lost to a restart or another portal instance
 * only means the message is not shown; the change itself is in Keycloak.
 */
@ApplicationScoped
public class AdminNotices {

    /** kind is "ok" or "error"; temporaryPassword is set only right after a create or a reset. */
    public record Notice(String kind, String message, String temporaryPassword, String forUsername) {

        public boolean isError() {
            return "error".equals(kind);
        }

        public boolean hasTemporaryPassword() {
            return temporaryPassword != null;
        }
    }

    private record Held(String owner, Notice notice, Instant expires) {
    }

    static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public String put(String owner, Notice notice) {
        Instant now = Instant.now();
        held.values().removeIf(h -> h.expires().isBefore(now));
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        held.put(key, new Held(owner, notice, now.plus(LIFETIME)));
        return key;
    }

    /** The notice under this key, once, if it belongs to this admin and has not expired. */
    public Optional<Notice> take(String key, String owner) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        Held found = held.get(key);
        if (found == null || !found.owner().equals(owner)) {
            return Optional.empty();
        }
        held.remove(key);
        return found.expires().isBefore(Instant.now()) ? Optional.empty() : Optional.of(found.notice());
    }
}
