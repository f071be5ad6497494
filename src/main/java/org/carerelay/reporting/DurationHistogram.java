package org.carerelay.reporting;

/**
 * The duration histogram behind every median and 90th percentile in the reports: 27 buckets with
 * these upper bounds in minutes, the last one "more than 30 days". Kept in step with
 * {@code report_bucket()} in db/migration/V7__report_rollups.sql; defined in docs/reports.md.
 */
public final class DurationHistogram {

    public static final int[] BOUNDS = { 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960, 1440, 2160, 2880,
            4320, 5760, 7200, 10080, 14400, 20160, 30240, 43200 };
    public static final int BUCKETS = BOUNDS.length + 1;

    private final long[] counts = new long[BUCKETS];

    /** Adds a rollup row's histogram (PostgreSQL's 1-based int[] read as a Java array). */
    public void add(Integer[] histogram) {
        if (histogram == null) {
            return;
        }
        for (int i = 0; i < Math.min(histogram.length, BUCKETS); i++) {
            counts[i] += histogram[i] == null ? 0 : histogram[i];
        }
    }

    public void add(DurationHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
    }

    public long cases() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /**
     * The nearest-rank percentile's bucket (0-based): the bucket of the k-th smallest time,
     * k = ceil(p × n); -1 when there are no cases.
     */
    public int percentileBucket(double p) {
        long n = cases();
        if (n == 0) {
            return -1;
        }
        long k = Math.max(1, (long) Math.ceil(p * n - 1e-9));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= k) {
                return i;
            }
        }
        return BUCKETS - 1;
    }

    /** "≤ 4 h", "≤ 1 day 12 h", "> 30 days": the bucket's upper bound in words. */
    public static String label(int bucket) {
        if (bucket >= BOUNDS.length) {
            return "> 30 days";
        }
        int minutes = BOUNDS[bucket];
        if (minutes < 60) {
            return "≤ " + minutes + " min";
        }
        if (minutes < 1440) {
            int h = minutes / 60;
            int m = minutes % 60;
            return "≤ " + h + " h" + (m == 0 ? "" : " " + m + " min");
        }
        int days = minutes / 1440;
        int h = (minutes % 1440) / 60;
        return "≤ " + days + (days == 1 ? " day" : " days") + (h == 0 ? "" : " " + h + " h");
    }
}
