package org.carerelay.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P4: each commissioner report's server time (its {@code Server-Timing: app;dur=<ms>} header) over
 * the whole data set and with the filters a commissioner uses: one request to warm up, then five
 * measured, for each report and filter.
 */
final class ReportTimes {

    static final List<String> REPORTS = List.of("timeliness", "continuity", "duplication", "data-points", "proportionality", "audit");
    private static final Pattern DURATION = Pattern.compile("app;dur=([0-9.]+)");

    /** {@code serverMs}: five measured requests after {@code firstMs}, the first (cold) one. */
    record Timing(String report, String query, int status, double firstMs, List<Double> serverMs) {

        double median() {
            return Wrk.percentile(Wrk.sorted(serverMs), 50);
        }

        double max() {
            return serverMs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        String line() {
            if (status != 200 || serverMs.isEmpty()) {
                return String.format(Locale.ROOT, "`/reports/%s?%s`: status %d%s", report, query, status,
                        serverMs.isEmpty() && status == 200 ? ", no Server-Timing header" : "");
            }
            return String.format(Locale.ROOT, "`/reports/%s?%s`: median %.0f ms, max %.0f ms (%s; first request %.0f ms)", report, query,
                    median(), max(), serverMs.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList(), firstMs);
        }
    }

    private ReportTimes() {
    }

    /** The filters measured: the whole period, then one agency, one type and one pathway. */
    static List<String> queries(LocalDate from, LocalDate to) {
        String period = "from=" + from + "&to=" + to;
        return List.of(period, period + "&agency=eastside-community", period + "&type=DISCHARGE_HANDOVER", period + "&pathway=housing_welfare");
    }

    static List<Timing> measure(String portalUrl, String cookieHeader, LocalDate from, LocalDate to) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        List<Timing> timings = new ArrayList<>();
        for (String report : REPORTS) {
            for (String query : queries(from, to)) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(portalUrl + "/reports/" + report + "?" + query))
                        .header("Cookie", cookieHeader).build();
                int status = 0;
                double first = Double.NaN;
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    status = response.statusCode();
                    if (status != 200) {
                        break;
                    }
                    Matcher m = DURATION.matcher(String.join(",", response.headers().allValues("Server-Timing")));
                    if (m.find()) {
                        if (i == 0) {
                            first = Double.parseDouble(m.group(1));
                        } else {
                            ms.add(Double.parseDouble(m.group(1)));
                        }
                    }
                }
                Timing t = new Timing(report, query, status, first, ms);
                System.out.println("  P4 " + t.line());
                timings.add(t);
            }
        }
        return timings;
    }
}
