package org.carerelay.admin;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * What the Agency users page says once after a change, held by {@link org.carerelay.web.FlashNotices}
 * so that a temporary password never travels in a URL.
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

    @jakarta.inject.Inject
    org.carerelay.web.FlashNotices flash;

    public String put(String owner, Notice notice) {
        return flash.put(owner, notice);
    }

    /** The notice under this key, once, if it belongs to this admin and has not expired. */
    public Optional<Notice> take(String key, String owner) {
        return flash.take(key, owner, Notice.class);
    }
}
