package org.carerelay.reporting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the seeded month (ReportSeed) is made of: the demo network's agencies, event types and sharing agreements as
 * the database has them, and the clients, events, deliveries, handovers, record access and break-glass grants seeded
 * around them. ReportSeedStore writes them; ReportExpectations and AuditReportExpectations count them.
 */
final class MonthModel {

    private MonthModel() {
    }

    record Agency(long id, String slug, String name, String kind) {
    }

    record Type(long id, String code, String pathway, String title, int windowHours, String urgency, List<String> fields,
            List<String> labels, Set<String> required) {
    }

    record Agreement(long id, String code, String title, long source, long recipient, LocalDate reviewDate, boolean active,
            Map<String, List<String>> allowed) {
    }

    static final class Client {
        int index;
        long id;
        String given;
        String family;
        final Map<String, String> localIds = new LinkedHashMap<>();
    }

    static final class Event {
        Type type;
        Agency source;
        Client client;
        Instant occurred;
        Instant received;
        final Map<String, String> data = new LinkedHashMap<>();
        final List<Delivery> deliveries = new ArrayList<>();
        Handover handover;
        long id;
    }

    static final class Delivery {
        Event event;
        Agency recipient;
        Agreement agreement;
        Instant created;
        Instant due;
        Instant acknowledged;
        Instant completed;
        Instant escalated;
        String outcome;
        List<String> shared;
        long id;
    }

    static final class Handover {
        Event event;
        boolean incomplete;
        final List<Query> queries = new ArrayList<>();
        final List<FirstContact> contacts = new ArrayList<>();
    }

    record Query(String kind, Instant at, boolean automatic, Agency by, String text) {
    }

    record FirstContact(Agency agency, Instant at) {
    }

    record Access(Instant at, String username, Agency agency, List<String> roles, String action, Client client,
            List<String> fields, String purpose, boolean allowed) {
    }

    record Grant(Client client, String username, Agency agency, Instant granted, boolean reviewed) {
    }
}
