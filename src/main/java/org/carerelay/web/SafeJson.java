package org.carerelay.web;

/**
 * JSON text made safe to reflect what a caller sent: {@code <} and {@code >} written as {@code \u003c} and
 * {@code \u003e}. Outside strings JSON has neither character, so the document means exactly the same to any JSON
 * reader, while a {@code <script>} a caller put into an id or a field name never comes back as markup (a browser
 * or proxy that sniffs the answer as HTML finds none).
 */
public final class SafeJson {

    private SafeJson() {
    }

    public static String htmlSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e");
    }
}
