package org.carerelay.team;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

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

    @jakarta.inject.Inject
    org.carerelay.web.FlashNotices flash;

    public String put(String owner, Notice notice) {
        return flash.put(owner, notice);
    }

    /** The notice under this key, once, if it belongs to this lead and has not expired. */
    public Optional<Notice> take(String key, String owner) {
        return flash.take(key, owner, Notice.class);
    }
}
