package org.carerelay.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Writes docs/benchmarks.md from one run: date, machine, data set, commands, raw numbers, and each
 * target met or missed. The hand-written notes between the notes markers of the existing file (what
 * limits a missed target and what was tried) are kept, and so are the sections that deploy/bench/audit-seal.sh
 * and deploy/bench/push.sh write.
 */
final class BenchReport {

    private static final String NOTES_START = "<!-- notes:start -->";
    private static final String NOTES_END = "<!-- notes:end -->";
    /** Rounds of P1 and P2: alternating the two pages evens out the shared machine's changing load. */
    static final int ROUNDS = 3;

    private final Path out;
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final List<String[]> verdicts = new ArrayList<>();
    private final Map<String, List<String>> sections = new LinkedHashMap<>();
    private final List<String> rss = new ArrayList<>();
    private Properties dataset = new Properties();
    private String commit = "?";
    private String source = "head";
    private int seconds;
    private String javaOpts;
    private final String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    private double p1Probe;
    private double p1Worklist;
    private double p2Audited;
    private double p2Bypassed;

    BenchReport(Path out) {
        this.out = out;
        for (String s : List.of("P1", "P2", "seal", "P3", "P4", "P5", "tried")) {
            sections.put(s, new ArrayList<>());
        }
    }

    void setup(String commit, String source, Properties dataset, int seconds, String javaOpts) {
        this.commit = commit;
        this.source = source;
        this.dataset = dataset;
        this.seconds = seconds;
        this.javaOpts = javaOpts;
    }

    void machine(Connection c) throws SQLException {
        facts.put("CPU", Runtime.getRuntime().availableProcessors() + " cores (`nproc`), " + firstMatch("/proc/cpuinfo", "model name"));
        facts.put("Memory", firstMatch("/proc/meminfo", "MemTotal"));
        facts.put("OS", firstMatch("/etc/os-release", "PRETTY_NAME").replace("\"", ""));
        facts.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "; portal JVM options `" + javaOpts + "`");
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT version()")) {
                r.next();
                facts.put("PostgreSQL", r.getString(1).replaceAll(" on .*", ""));
            }
            StringBuilder settings = new StringBuilder();
            for (String name : List.of("shared_buffers", "work_mem", "max_connections", "synchronous_commit", "fsync")) {
                try (ResultSet r = s.executeQuery("SHOW " + name)) {
                    r.next();
                    settings.append(settings.isEmpty() ? "" : ", ").append(name).append(" ").append(r.getString(1));
                }
            }
            facts.put("PostgreSQL settings", settings + " (the distribution's defaults; shared with other databases on the machine)");
        }
        facts.put("Load tools", command("wrk", "-v").lines().findFirst().orElse("wrk ?") + "; " + command("pgbench", "--version").trim()
                + "; " + command("/usr/bin/chromium", "--version").lines().filter(l -> l.contains("Chromium")).findFirst().orElse("Chromium ?").trim());
        facts.put("Load at start", firstLine("/proc/loadavg"));
    }

    void note(String key, String value) {
        facts.put(key, value);
    }

    void rss(String phase, long a, long b) {
        rss.add(String.format(Locale.ROOT, "| %s | %,d MiB | %,d MiB |", phase, a, b));
    }

    void p1Round(int round, Wrk.Result probe, Wrk.Result worklist) {
        p1Probe += probe.requestsPerSecond();
        p1Worklist += worklist.requestsPerSecond();
        List<String> s = sections.get("P1");
        s.add("- round " + round + ", trivial page `/bench/probe`: " + probe.line());
        s.add("- round " + round + ", worklist `/worklist`: " + worklist.line() + load());
        if (round == ROUNDS) {
            double ratio = p1Worklist / p1Probe;
            verdict("P1 worklist throughput vs trivial page", ">= 50 %", pct(ratio) + " (" + num(p1Worklist / ROUNDS) + " vs "
                    + num(p1Probe / ROUNDS) + " req/s)", ratio >= 0.5);
            s.add("- command: `" + worklist.command() + "` (the script sets the session cookie and counts responses other than 2xx)");
        }
    }

    /** The trivial page's mean throughput over the P1 rounds. */
    double probeRate() {
        return p1Probe / ROUNDS;
    }

    void p1Fixed(FixedRate.Result r) {
        sections.get("P1").add("- worklist at a fixed arrival rate (open loop, JDK HTTP client, latency from each request's due time): " + r.line()
                + load());
        verdict("P1 worklist p99 at 100 req/s", "< 100 ms", String.format(Locale.ROOT, "%.1f ms", r.p99()),
                r.p99() < 100 && r.non200() == 0 && r.failed() == 0);
    }

    void p2Round(int round, Wrk.Result audited, long auditRows, Wrk.Result bypassed, long bypassRows) {
        p2Audited += audited.requestsPerSecond();
        p2Bypassed += bypassed.requestsPerSecond();
        List<String> s = sections.get("P2");
        s.add(String.format(Locale.ROOT, "- round %d, audited (instance A): %s; %,d audit rows written", round, audited.line(), auditRows));
        s.add(String.format(Locale.ROOT, "- round %d, audit bypassed (instance B): %s; %,d audit rows written", round, bypassed.line(), bypassRows)
                + load());
        if (round == ROUNDS) {
            double ratio = p2Audited / p2Bypassed;
            verdict("P2 client record with audit vs bypassed", ">= 90 %", pct(ratio) + " (" + num(p2Audited / ROUNDS) + " vs "
                    + num(p2Bypassed / ROUNDS) + " req/s)", ratio >= 0.9);
        }
    }

    /** The sealer's lag for P2's entries: {count, epochs, p50, p90, p99, max} in seconds. There is no target: it is recorded. */
    void sealLag(double[] lag) {
        sections.get("seal").add(String.format(Locale.ROOT, "- %,.0f entries written by P2's audited rounds, sealed in %,.0f epochs (two instances"
                + " scheduling the sealer every second, one sealing at a time): entry time to sealed p50 %.2f s, p90 %.2f s, p99 %.2f s, max %.2f s",
                lag[0], lag[1], lag[2], lag[3], lag[4], lag[5]) + load());
        verdicts.add(new String[] {"Audit sealer lag under P2 load, p99 (entry time to sealed)", "recorded (no target)",
            String.format(Locale.ROOT, "%.2f s", lag[4]), ""});
    }

    void p3(int clients, Wrk.Result ingest, long stored, IngestLoad.Baseline pg) {
        double eventsPerSecond = (double) stored / seconds;
        double ratio = eventsPerSecond / pg.tps();
        sections.get("P3").add(String.format(Locale.ROOT, "- %d connections: ingest %s; %,d events stored = %,.0f events/s; pgbench %,.0f TPS"
                + " (`%s`)", clients, ingest.line(), stored, eventsPerSecond, pg.tps(), pg.command()) + load());
        verdict("P3 ingest events/s vs pgbench TPS, " + clients + " connections", ">= 40 %",
                pct(ratio) + " (" + num(eventsPerSecond) + " vs " + num(pg.tps()) + ")", ratio >= 0.4);
    }

    void p4(List<ReportTimes.Timing> timings) {
        Map<String, Double> worst = new LinkedHashMap<>();
        boolean available = true;
        for (ReportTimes.Timing t : timings) {
            sections.get("P4").add("- " + t.line());
            available &= t.status() == 200 && !t.serverMs().isEmpty();
            worst.merge(t.report(), t.serverMs().isEmpty() ? Double.NaN : t.max(), Math::max);
        }
        double max = worst.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        verdict("P4 each report's server time", "< 500 ms", available ? String.format(Locale.ROOT, "slowest %.0f ms (%s)", max,
                worst.entrySet().stream().map(e -> e.getKey() + " " + Math.round(e.getValue())).toList()) : "not all reports answered",
                available && max < 500);
    }

    void p5(LiveArrival.Result r) {
        sections.get("P5").add("- " + r.line());
        verdict("P5 ingest to visible in the worklist on the other instance, p99", "< 1 s",
                String.format(Locale.ROOT, "%.0f ms", r.p99()), r.p99() < 1000 && r.seen() == r.events());
    }

    /** A variant run to see what limits a result (not a target). */
    void tried(String line, double ratio) {
        sections.get("tried").add("- " + line + (Double.isNaN(ratio) ? "" : " → " + pct(ratio)) + load());
    }

    private void verdict(String what, String target, String result, boolean met) {
        verdicts.add(new String[] {what, target, result, met ? "met" : "**missed**"});
    }

    void write() throws IOException {
        facts.put("Load at end", firstLine("/proc/loadavg") + " (1, 5 and 15 minute load averages first; 2 cores: other engineers' test runs"
                + " share the machine)");
        String notes = "\n_No notes yet._\n";
        String sealSection = "";
        String pushSection = "";
        if (Files.exists(out)) {
            String old = Files.readString(out);
            int a = old.indexOf(NOTES_START);
            int b = old.indexOf(NOTES_END);
            if (a >= 0 && b > a) {
                notes = old.substring(a + NOTES_START.length(), b);
            }
            int c = old.indexOf(AuditSealBench.START);
            int d = old.indexOf(AuditSealBench.END);
            if (c >= 0 && d > c) {
                sealSection = old.substring(c, d + AuditSealBench.END.length()); // audit-seal.sh's own measurements, kept
            }
            int e = old.indexOf(PushBench.START);
            int f = old.indexOf(PushBench.END);
            if (e >= 0 && f > e) {
                pushSection = old.substring(e, f + PushBench.END.length()); // push.sh's own measurements (P6, P7), kept
            }
        }
        StringBuilder md = new StringBuilder("# Benchmarks\n\n");
        md.append("Measured by `deploy/bench/run.sh` on ").append(started).append(" at commit `").append(commit.substring(0, Math.min(10, commit.length())))
                .append("`").append(source.equals("head") ? "" : " (" + source + ")").append(". The numbers below are this run's raw numbers;")
                .append(" the notes at the end are written by hand and kept when the file is regenerated.\n\n");
        md.append("## Results\n\n| measure | target | result | |\n|---|---|---|---|\n");
        verdicts.forEach(v -> md.append("| ").append(String.join(" | ", v)).append(" |\n"));
        md.append("\n## Reproduce\n\n```bash\ndeploy/bench/generate.sh --preset ").append(dataset.getProperty("preset", "county").replaceAll("-.*", ""))
                .append("   # the data set (COPY; progress and rows/s while it runs)\ndeploy/bench/run.sh                          # this page\n```\n\n")
                .append("Both build an isolated copy of the committed sources in `.cache/bench/build` and use the database `")
                .append(dataset.getProperty("database")).append("`, Keycloak on 8180 and two portal instances on free ports among 8084-8089 ")
                .append("(the realm's redirect URIs). Each load step lasts ").append(seconds).append(" s after a 15 s warm-up of each page.\n\n");
        md.append("## Machine and run\n\n");
        facts.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n## Data set\n\n");
        md.append("Preset `").append(dataset.getProperty("preset")).append("` (seed ").append(dataset.getProperty("seed")).append(", anchor ")
                .append(dataset.getProperty("anchor")).append(", ").append(dataset.getProperty("days", "?")).append(" days):\n\n| table | rows |\n|---|---|\n");
        dataset.stringPropertyNames().stream().filter(k -> k.startsWith("rows.")).sorted()
                .forEach(k -> md.append("| ").append(k.substring(5)).append(" | ").append(num(Double.parseDouble(dataset.getProperty(k)))).append(" |\n"));
        md.append("\nDeliveries: ").append(dataset.getProperty("delivery_states")).append(".\n\n")
                .append("Load: ").append(num(Double.parseDouble(dataset.getProperty("rows_loaded", "0")))).append(" rows in ")
                .append(dataset.getProperty("load_seconds")).append(" s (").append(num(Double.parseDouble(dataset.getProperty("rows_per_second", "0"))))
                .append(" rows/s; audit rows ").append(num(Double.parseDouble(dataset.getProperty("audit_rows_per_second", "0"))))
                .append("/s through the insert trigger); VACUUM ANALYZE ").append(dataset.getProperty("vacuum_analyze_seconds")).append(" s; ")
                .append("`report_refresh` ").append(dataset.getProperty("report_refresh_seconds")).append(" s; ")
                .append(dataset.containsKey("audit_seal_seconds")
                        ? "audit trail sealed in " + dataset.getProperty("audit_seal_seconds") + " s (" + dataset.getProperty("audit_epochs")
                                + " epochs) and verified in " + dataset.getProperty("audit_verify_seconds") + " s ("
                                + num(Double.parseDouble(dataset.getProperty("audit_chain_checked", "0"))) + " sealed entries, "
                                + dataset.getProperty("audit_verify_problems") + " problems)"
                        : "the hash chain of the V3 trail checked in " + dataset.getProperty("audit_verify_seconds") + " s (a data set generated"
                                + " before the sealed epochs of V16)")
                .append(".\n");
        String[][] titles = {{"P1", "P1 worklist page"}, {"P2", "P2 client record: audit cost"},
            {"seal", "Audit sealing under P2 load"}, {"P3", "P3 ingest"},
            {"P4", "P4 commissioner reports (Server-Timing app;dur)"}, {"P5", "P5 ingest to a browser's open worklist (SSE, second instance)"},
            {"tried", "Variants run to see what limits a result"}};
        for (String[] t : titles) {
            md.append("\n## ").append(t[1]).append("\n\n");
            sections.get(t[0]).forEach(l -> md.append(l).append('\n'));
        }
        md.append("\n## Memory (resident set size of each portal instance, highest during the step)\n\n| step | instance A | instance B |\n|---|---|---|\n");
        rss.forEach(r -> md.append(r).append('\n'));
        if (!sealSection.isEmpty()) {
            md.append("\n## Audit sealing (deploy/bench/audit-seal.sh)\n\n").append(sealSection).append('\n');
        }
        if (!pushSection.isEmpty()) {
            md.append("\n## Push and concern rules (deploy/bench/push.sh)\n\n").append(pushSection).append('\n');
        }
        md.append("\n## Notes\n\n").append(NOTES_START).append(notes).append(NOTES_END).append('\n');
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    /** The machine's 1-minute load average now: the other engineers' work shares the two cores. */
    private static String load() {
        return " [load " + firstLine("/proc/loadavg").split(" ")[0] + "]";
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String firstMatch(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.replaceFirst("^[^:=]*[:=]\\s*", "")).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).get(0);
        } catch (IOException | IndexOutOfBoundsException e) {
            return "?";
        }
    }

    private static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return text;
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }
}
