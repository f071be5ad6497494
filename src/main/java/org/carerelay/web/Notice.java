package org.carerelay.web;

import io.quarkus.qute.TemplateData;

/**
 * What a page says once after a change (post, redirect, get): done, or not done and why. Kept between the post and
 * the page by {@link FlashNotices} and shown by {@code {#include notice /}} ({@code templates/notice.html}).
 */
@TemplateData
public record Notice(boolean error, String message) {

    public static Notice done(String message) {
        return new Notice(false, message);
    }

    public static Notice notDone(String message) {
        return new Notice(true, message);
    }
}
