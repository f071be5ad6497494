package org.carerelay.bench;

import com.microsoft.playwright.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.carerelay.harness.Browser;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerTokens;

/**
 * P5: from ingest to the event being visible in a browser's open worklist. The harness's Chromium
 * ({@link Browser}: Debian's, never downloaded) signs in on instance B and keeps its worklist open (SSE);
 * events are posted to instance A by the hospital's partner system, one at a time with a pause. A
 * MutationObserver in the page notes the moment the "N new since you opened this page" banner shows
 * each new count; the latency is that moment minus the moment just before the POST (one clock: same
 * machine).
 */
final class LiveArrival {

    record Result(int events, int seen, double p50, double p90, double p99, double max) {

        String line() {
            return String.format(Locale.ROOT, "%d events, %d seen in the browser; ingest to visible p50 %.0f ms, p90 %.0f ms, p99 %.0f ms,"
                    + " max %.0f ms", events, seen, p50, p90, p99, max);
        }
    }

    private static final String OBSERVER = """
            () => {
              window.__arrivals = [];
              const target = document.querySelector('#arrivals');
              new MutationObserver(() => {
                const m = target.textContent.match(/(\\d+) new/);
                if (m) window.__arrivals.push([Number(m[1]), Date.now()]);
              }).observe(target, {childList: true, subtree: true, characterData: true});
            }""";

    private LiveArrival() {
    }

    static Result measure(String ingestUrl, String browserUrl, String username, int events) throws Exception {
        try (Browser browser = new Browser()) {
            Page page = browser.loginAs(browserUrl, username, DemoUsers.PASSWORD);
            page.setDefaultTimeout(20_000);
            page.navigate(browserUrl + "/worklist");
            page.waitForSelector("#arrivals", new Page.WaitForSelectorOptions().setState(
                    com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            Thread.sleep(1500); // the SSE connection is open (its first comment arrives at once)
            page.evaluate(OBSERVER);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String token = PartnerTokens.fetch(PartnerTokens.RIVERSIDE, "demo-secret");
            long tokenAt = System.currentTimeMillis();
            Random random = new Random(5);
            List<Long> sentAt = new ArrayList<>();
            List<Double> latencies = new ArrayList<>();
            for (int i = 1; i <= events; i++) {
                if (System.currentTimeMillis() - tokenAt > 200_000) {
                    token = PartnerTokens.fetch(PartnerTokens.RIVERSIDE, "demo-secret");
                    tokenAt = System.currentTimeMillis();
                }
                String body = EventBodies.json(EventBodies.event("SYMPTOM_DETERIORATION",
                        ClientBodies.person("BENCH-P5-" + tokenAt + "-" + i, "Live" + i, "Arrival", "1950-03-04"),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS), EventBodies.fields("symptom", "Breathless at rest", "severity", "severe",
                                "reportedVia", "remote_monitoring", "observedAt", Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS))));
                long t0 = System.currentTimeMillis();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/events"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .header("Idempotency-Key", "bench-p5-" + tokenAt + "-" + i).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
                }
                sentAt.add(t0);
                final int expected = i;
                try {
                    page.waitForFunction("n => window.__arrivals.some(a => a[0] >= n)", expected,
                            new Page.WaitForFunctionOptions().setTimeout(10_000).setPollingInterval(20));
                } catch (com.microsoft.playwright.TimeoutError e) {
                    System.out.println("  P5 event " + i + " not seen within 10 s");
                }
                Thread.sleep(200 + random.nextInt(500));
            }
            @SuppressWarnings("unchecked")
            List<List<Number>> seen = (List<List<Number>>) page.evaluate("() => window.__arrivals");
            for (int i = 1; i <= events; i++) {
                long t0 = sentAt.get(i - 1);
                final int n = i;
                seen.stream().filter(a -> a.get(0).intValue() >= n).findFirst()
                        .ifPresent(a -> latencies.add((double) (a.get(1).longValue() - t0)));
            }
            List<Double> sorted = Wrk.sorted(latencies);
            return new Result(events, latencies.size(), Wrk.percentile(sorted, 50), Wrk.percentile(sorted, 90), Wrk.percentile(sorted, 99),
                    sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
        }
    }
}
