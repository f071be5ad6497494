package org.carerelay.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a page says once after a change (post, redirect, get). Kept in memory under a random key
 * for a few minutes, readable once and only by the person who made the change, so that nothing
 * sensitive (e.g. a temporary password) travels in a URL. A notice lost to a restart or to another
 * portal instance only means the message is not shown; the change itself is stored.
 */
@ApplicationScoped
public class FlashNotices {

    private record Held(String owner, Object notice, Instant expires) {
    }

    static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public String put(String owner, Object notice) {
        Instant now = Instant.now();
        held.values().removeIf(h -> h.expires().isBefore(now));
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        held.put(key, new Held(owner, notice, now.plus(LIFETIME)));
        return key;
    }

    /** The notice under this key, once, if it belongs to this person, has not expired and is of this type. */
    public <T> Optional<T> take(String key, String owner, Class<T> type) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        Held found = held.get(key);
        if (found == null || !found.owner().equals(owner) || !type.isInstance(found.notice())) {
            return Optional.empty();
        }
        held.remove(key);
        return found.expires().isBefore(Instant.now()) ? Optional.empty() : Optional.of(type.cast(found.notice()));
    }
}
