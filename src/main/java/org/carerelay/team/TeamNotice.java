package org.carerelay.team;

/**
 * What the Team page says once after an assignment (post, redirect, get), kept by {@link org.carerelay.web.FlashNotices}:
 * readable once and only by the lead who made the change. A notice lost to a restart or another instance only means the
 * message is not shown; the change is stored. {@code kind} is "ok" or "error".
 */
public record TeamNotice(String kind, String message) {

    public boolean isError() {
        return "error".equals(kind);
    }

    static TeamNotice ok(String message) {
        return new TeamNotice("ok", message);
    }

    static TeamNotice error(String message) {
        return new TeamNotice("error", message);
    }
}
