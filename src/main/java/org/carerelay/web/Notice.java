package org.carerelay.web;

import io.quarkus.qute.TemplateData;

/**
 * What a page says once after a change (post, redirect, get): done, or not done and why. Kept between the post and
 * the page by {@link FlashNotices} and shown by the {@code {#notice}} tag ({@code templates/tags/notice.html}).
 */
@TemplateData
public record Notice(boolean error, String message) {

    public static Notice ok(String message) {
        return new Notice(false, message);
    }

    public static Notice error(String message) {
        return new Notice(true, message);
    }
}
