package org.carerelay.reporting;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.carerelay.reporting.ReportExpectations.Filter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The commissioner's six reports in a real Chromium, signed in through Keycloak, over a month of
 * data this test writes itself (March 2019, {@link ReportSeed}): every table cell, every chart
 * bar and every CSV line equals what {@link ReportExpectations} works out from the seeded rows by
 * docs/reports.md, with and without filters; no client name, identifier or free text reaches a
 * page or a CSV; bad filters are named; every page passes axe-core (WCAG 2.1 A and AA).
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class ReportsIT {

    static final Map<String, String> TITLES = Map.of("timeliness", "Timeliness", "continuity", "Continuity", "duplication",
            "Duplication", "data-points", "Data-point value", "proportionality", "Proportionality", "audit", "Audit");
    static final List<String> SLUGS = List.of("timeliness", "continuity", "duplication", "data-points", "proportionality", "audit");
    /** The table column each chart draws. */
    static final Map<String, String> CHARTS = Map.of("by-week", "Completed within window (%)", "by-agency",
            "Completed within window (%)", "measures", "Share (%)", "contacts", "Share (%)", "queries", "Queries per 100 events",
            "fields", "Shown (%)", "agreements", "Actioned (%)", "views", "All roles");

    static ReportSeed seed;
    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static Page commissioner;

    @BeforeAll
    static void setUp() throws Exception {
        try (Connection c = TestDatabase.owner()) {
            seed = ReportSeedStore.load(c);
            ReportSeedStore.insert(seed, c);
        }
        RestAssured.given().contentType("application/json").post("/test-support/reports/refresh").then().statusCode(200);
        commissioner = browser.loginAs(DemoUsers.COMMISSIONER_COUNTY);
    }

    @Test
    void theIndexLinksEveryReport() {
        commissioner.navigate(Browser.PORTAL_URL + "/reports");
        assertThat(commissioner.locator("h1")).hasText("Commissioner reports");
        for (String slug : SLUGS) {
            assertThat(commissioner.locator("[data-testid=report-list] a[href='/reports/" + slug + "']")).hasText(TITLES.get(slug));
        }
        assertEquals(List.of(), axe(commissioner, "/reports"));
    }

    @Test
    void everyReportShowsTheSeededMonthExactly() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String slug : SLUGS) {
            check(slug, Filter.month(), problems);
            problems.addAll(axe(commissioner, slug));
            if (slug.equals("timeliness")) {
                Browser.screenshot(commissioner, "reports-timeliness");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void filtersNarrowTheFiguresOnThePageAndInTheCsv() throws Exception {
        List<String> problems = new ArrayList<>();
        Filter month = Filter.month();
        check("timeliness", month.agency("eastside-community"), problems);
        check("timeliness", month.pathway("behavioral_health"), problems);
        check("continuity", month.pathway("behavioral_health"), problems);
        check("duplication", month.type("DISCHARGE_HANDOVER"), problems);
        check("duplication", month.agency("harbor-support"), problems);
        check("data-points", month.agency("county-welfare").pathway("housing_welfare"), problems);
        check("proportionality", month.agency("northgate-housing"), problems);
        check("audit", month.agency("northgate-housing"), problems);
        assertEquals(List.of(), problems);

        // the form shows the filters in force
        assertThat(commissioner.locator("#filter-from")).hasValue("2019-03-01");
        assertThat(commissioner.locator("#filter-to")).hasValue("2019-03-31");
        assertThat(commissioner.locator("#filter-agency")).hasValue("northgate-housing");

        // the audit report has no event types: it says so and shows the same figures as without the filter
        Filter typed = month.agency("northgate-housing").type("DISCHARGE_HANDOVER");
        commissioner.navigate(Browser.PORTAL_URL + "/reports/audit?" + typed.query());
        assertThat(commissioner.getByTestId("filter-note")).containsText("do not apply");
        Map<String, ExpectedTable> untyped = ReportExpectations.of(seed, "audit", month.agency("northgate-housing"));
        for (ExpectedTable table : untyped.values()) {
            assertEquals(table.lines(), PageTables.read(commissioner, table.id).lines(), table.id + " with a type filter");
        }
    }

    @Test
    void badFiltersAreNamedAndShowNoFigures() {
        String[][] cases = { { "from=2019-02-30&to=2019-03-31", "From date", "2019-02-30" },
            { "from=2019-03-01&to=yesterday", "To date", "yesterday" },
            { "from=2019-03-31&to=2019-03-01", "To date", "before" },
            { "from=2015-01-01&to=2019-03-31", "Period", "3 years" },
            { "from=2019-03-01&to=2019-03-31&agency=atlantis-care", "Agency", "atlantis-care" },
            { "from=2019-03-01&to=2019-03-31&type=NO_SUCH_TYPE", "Event type", "NO_SUCH_TYPE" },
            { "from=2019-03-01&to=2019-03-31&pathway=everything", "Pathway", "everything" } };
        for (String[] c : cases) {
            Response page = commissioner.navigate(Browser.PORTAL_URL + "/reports/timeliness?" + c[0]);
            assertEquals(400, page.status(), c[0]);
            assertThat(commissioner.getByTestId("filter-errors")).containsText(c[1]);
            assertThat(commissioner.getByTestId("filter-errors")).containsText(c[2]);
            assertThat(commissioner.locator("table")).hasCount(0);
            APIResponse csv = commissioner.request().get(Browser.PORTAL_URL + "/reports/timeliness/csv?table=by-agency&" + c[0]);
            assertEquals(400, csv.status(), c[0]);
            assertTrue(csv.headers().get("content-type").startsWith("text/plain"), csv.headers().toString());
            assertTrue(csv.text().contains(c[1]) && csv.text().contains(c[2]), csv.text());
        }
        String noSuchTable = "/reports/timeliness/csv?table=nope&" + Filter.month().query();
        APIResponse noTable = commissioner.request().get(Browser.PORTAL_URL + noSuchTable);
        assertEquals(400, noTable.status());
        assertTrue(noTable.text().contains("by-agency"), noTable.text());
        Browser.screenshot(commissioner, "reports-bad-filter");
    }

    // ------------------------------------------------------------------ one report, every table

    /** Opens the report with the filters and compares the page, its charts and its CSVs with the expectations. */
    static void check(String slug, Filter filter, List<String> problems) throws Exception {
        String where = slug + "?" + filter.query();
        Response response = commissioner.navigate(Browser.PORTAL_URL + "/reports/" + where);
        if (response.status() != 200) {
            problems.add(where + ": status " + response.status());
            return;
        }
        assertThat(commissioner.locator("h1")).hasText(TITLES.get(slug));
        assertThat(commissioner.locator("form[data-testid=report-filters]")).isVisible();
        assertThat(commissioner.getByTestId("as-of")).containsText("Figures as of");
        assertThat(commissioner.getByTestId("as-of")).not().containsText("not yet computed");
        assertTrue(commissioner.locator("dl[data-testid=definitions] dt").count() >= 3, where + ": definitions");
        String html = commissioner.content();
        leaks(where, html, problems);
        for (ExpectedTable expected : ReportExpectations.of(seed, slug, filter).values()) {
            problems.addAll(expected.notes);
            String label = where + " table " + expected.id;
            PageTables.Table shown = PageTables.read(commissioner, expected.id);
            if (shown == null) {
                problems.add(label + ": no table on the page");
                continue;
            }
            problems.addAll(shown.structureProblems(label, expected.total != null));
            compare(label, expected.lines(), shown.lines(), problems);
            if (CHARTS.containsKey(expected.id)) {
                PageTables.chartProblems(commissioner, expected, CHARTS.get(expected.id), label, problems);
            }
            Download download = commissioner.waitForDownload(() -> commissioner.getByTestId("csv-" + expected.id).click());
            String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
            leaks(label + " CSV", csv, problems);
            compare(label + " CSV", expected.lines(), PageTables.parseCsv(csv), problems);
        }
    }

    static void compare(String label, List<List<String>> expected, List<List<String>> actual, List<String> problems) {
        if (expected.equals(actual)) {
            return;
        }
        int n = Math.max(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            List<String> e = i < expected.size() ? expected.get(i) : null;
            List<String> a = i < actual.size() ? actual.get(i) : null;
            if (e == null || !e.equals(a)) {
                problems.add(label + " line " + i + ": expected " + e + " but was " + a);
            }
        }
    }

    /** No seeded name, client id, local identifier or free text may appear. */
    static void leaks(String label, String body, List<String> problems) {
        for (String secret : seed.secrets()) {
            if (body.contains(secret)) {
                problems.add(label + " shows “" + secret + "”");
            }
        }
    }

    static List<String> axe(Page page, String label) {
        List<String> problems = new ArrayList<>();
        for (Rule v : new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze().getViolations()) {
            problems.add(label + ": " + v.getId() + " — " + v.getHelp() + " at "
                    + v.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList());
        }
        return problems;
    }
}
