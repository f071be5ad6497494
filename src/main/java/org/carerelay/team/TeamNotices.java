package org.carerelay.team;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the Team page says once after an assignment (post, redirect, get): held in memory under a
 * random key for a few minutes, readable once and only by the lead who made the change. A notice
 * lost to a restart or another instance only means the message is not shown; the change is stored.
 */
@ApplicationScoped
public class TeamNotices {

    /** kind is "ok" or "error". */
    public record Notice(String kind, String message) {

        public boolean isError() {
            return "error".equals(kind);
        }

        static Notice ok(String message) {
            return new Notice("ok", message);
        }

        static Notice error(String message) {
            return new Notice("error", message);
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

    /** The notice under this key, once, if it belongs to this lead and has not expired. */
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
