package org.carerelay.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load client: sends GETs at a fixed arrival rate whatever the response times (like a
 * county's staff, each with think time), and measures each latency from the moment the request was
 * due, so a stall is counted in full rather than hidden (no coordinated omission). wrk cannot do this
 * (Debian's wrk has no fixed-rate mode), so it is done here with the JDK's HTTP client.
 */
final class FixedRate {

    record Result(int rate, int seconds, int sent, int non200, int failed, double p50, double p90, double p99, double max) {

        String line() {
            return String.format(Locale.ROOT, "%d req/s for %d s: %d requests, %d not 200, %d failed; latency p50 %.1f ms, p90 %.1f ms,"
                    + " p99 %.1f ms, max %.1f ms", rate, seconds, sent, non200, failed, p50, p90, p99, max);
        }
    }

    private FixedRate() {
    }

    static Result run(String url, String cookieHeader, int rate, int seconds) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "fixed-rate");
                    t.setDaemon(true);
                    return t;
                })).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookieHeader).timeout(Duration.ofSeconds(10)).build();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger non200 = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        int total = rate * seconds;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                double ms = (System.nanoTime() - due) / 1e6;
                if (error != null) {
                    failed.incrementAndGet();
                    return;
                }
                if (response.statusCode() != 200) {
                    non200.incrementAndGet();
                }
                latencies.add(ms);
            }));
        }
        for (CompletableFuture<?> f : pending) {
            try {
                f.join();
            } catch (RuntimeException e) {
                // counted as failed above
            }
        }
        List<Double> sorted = Wrk.sorted(latencies);
        return new Result(rate, seconds, total, non200.get(), failed.get(), Wrk.percentile(sorted, 50), Wrk.percentile(sorted, 90),
                Wrk.percentile(sorted, 99), sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
    }
}
