package org.carerelay.push;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST to a receiver, bounded on every side: the whole exchange (connect, request, response head and body)
 * within the timeout, redirects never followed, and at most {@value #MAX_BODY} bytes of the response read (the
 * rest is cut off), so a slow, huge or never-ending answer costs one sender thread for at most the timeout.
 */
final class ReceiverExchange {

    static final int MAX_BODY = 4096;

    /** What the receiver answered: a status (null when there was no answer) and a short description for the admin. */
    record Answer(Integer status, String retryAfter, String detail) {
        boolean success() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    ReceiverExchange(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout).build();
    }

    Answer post(String url, String contentType, String body, List<String[]> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", contentType).header("User-Agent", "CareRelay-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(h -> request.header(h[0], h[1]));
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request.build(), info -> new LimitedBody(MAX_BODY));
        try {
            HttpResponse<String> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String text = response.body() == null ? "" : response.body().replaceAll("[\\p{Cntrl}&&[^\n]]", "?").strip();
            String detail = "HTTP " + response.statusCode() + (text.isEmpty() ? "" : ": " + shorten(text, 300));
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), detail);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Answer(null, null, "no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Answer(null, null, "could not deliver: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + shorten(cause.getMessage(), 200)));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Answer(null, null, "interrupted (instance stopping)");
        }
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    /** Collects up to {@code max} bytes of the body, then cancels the rest. */
    static final class LimitedBody implements HttpResponse.BodySubscriber<String> {
        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int take = Math.min(item.remaining(), max - bytes.size());
                byte[] chunk = new byte[take];
                item.get(chunk);
                bytes.write(chunk, 0, take);
                if (bytes.size() >= max) {
                    subscription.cancel();
                    finish();
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            if (!result.isDone()) {
                result.completeExceptionally(t);
            }
        }

        @Override
        public void onComplete() {
            finish();
        }

        private void finish() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
