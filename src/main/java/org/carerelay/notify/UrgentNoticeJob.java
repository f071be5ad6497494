package org.carerelay.notify;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.clock.NetworkTimeZone;
import org.carerelay.push.RetrySchedule;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.web.PublicUrl;
import org.jboss.logging.Logger;

/**
 * Urgent items outside the portal: finds deliveries that wait unacknowledged past a stage's threshold and mails each
 * contact of that stage one notice per delivery, through Quarkus Mailer over SMTP.
 *
 * <p>Runs on every instance ({@code carerelay.urgent.every}) and never sends twice: the search is one transaction under
 * an advisory lock that writes the notices (unique per delivery, stage and address) as a durable outbox; the sender
 * claims due notices with {@code FOR UPDATE SKIP LOCKED} and a lease, sends outside any transaction, and records the
 * outcome. A failed send is tried again on {@code carerelay.urgent.retry-schedule}, then marked failed (the agency
 * admin's on-call page shows it). A notice whose delivery was acknowledged before it went out is never sent.
 */
@ApplicationScoped
public class UrgentNoticeJob {

    public static final String IDENTITY = "urgent-notices";
    static final int BATCH_SIZE = 20;
    private static final Logger LOG = Logger.getLogger(UrgentNoticeJob.class);

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    NoticeStore store;

    @Inject
    UrgentConfig config;

    @Inject
    Mailer mailer;

    @Inject
    AgencyDirectory agencies;

    @Inject
    PublicUrl publicUrl;

    @Inject
    NetworkTimeZone timeZone;

    private RetrySchedule retries;

    void onStart(@Observes StartupEvent start) {
        retries();
        if (config.smtpHost().isEmpty()) {
            LOG.warn("Urgent notices are off: no SMTP server is configured (CARERELAY_SMTP_HOST)");
        }
    }

    @Scheduled(identity = IDENTITY, every = "${carerelay.urgent.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warnf(e, "urgent notice run failed; the next run tries again");
        }
    }

    /** One run: writes the notices now due, then sends what is due; returns how many were sent. */
    public int runOnce() {
        if (config.smtpHost().isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        Integer created = QuarkusTransaction.requiringNew().call(() -> findDue(now));
        if (created != null && created > 0) {
            LOG.infof("Urgent notices: %d to send", created);
        }
        int sent = 0;
        while (true) {
            List<Outgoing> batch = QuarkusTransaction.requiringNew().call(() -> claim(now));
            for (Outgoing o : batch) {
                sent += send(o) ? 1 : 0;
            }
            if (batch.size() < BATCH_SIZE) {
                return sent;
            }
        }
    }

    /** Under the run lock: cancels notices of acknowledged items and writes those now due; null when another instance runs it. */
    Integer findDue(Instant now) {
        if (!AdvisoryLock.URGENT_NOTICES.tryTake(em)) {
            return null;
        }
        store.cancelAcknowledged();
        List<long[]> stages = store.stagesWithContacts();
        if (stages.isEmpty()) {
            return 0;
        }
        Map<Thresholds.Key, UrgencyRule> stored = new HashMap<>();
        for (Object[] r : store.storedRules()) {
            UrgencyRule rule = (UrgencyRule) r[1];
            stored.put(new Thresholds.Key((Long) r[0], rule.urgency()), rule);
        }
        List<NoticeStore.Cutoff> cutoffs = Thresholds.cutoffs(stages, stored, config.defaultOnCallMinutes(), config.defaultLeadMinutes(),
                now);
        return cutoffs.isEmpty() ? 0 : store.createDue(cutoffs, now.minus(config.lookBack()), now);
    }

    /** A claimed notice with its fresh one-time link. */
    record Outgoing(NoticeStore.Claimed notice, String token, Instant linkExpiresAt) {
    }

    List<Outgoing> claim(Instant now) {
        List<Outgoing> out = new ArrayList<>();
        for (NoticeStore.Claimed c : store.claim(now, config.lease(), BATCH_SIZE)) {
            String token = NoticeLinks.newToken();
            Instant expires = now.plus(config.linkLifetime());
            store.setToken(c.id(), NoticeLinks.hash(token).orElseThrow(), expires);
            out.add(new Outgoing(c, token, expires));
        }
        return out;
    }

    private boolean send(Outgoing o) {
        NoticeStore.Claimed c = o.notice();
        String agencyName = agencies.find(c.agencyId()).map(AgencyDirectory.AgencyRef::name).orElse("your agency");
        String link = publicUrl.resolve(NoticeLinks.PATH + o.token()).toString();
        NoticeMessage message = NoticeMessage.of(new NoticeMessage.Facts(agencyName, c.urgency(), c.stage(), c.deliveryId(), c.arrivedAt(),
                clock.instant(), link, link + "/acknowledge", o.linkExpiresAt(), timeZone.timeZone()));
        try {
            mailer.send(Mail.withText(c.address(), message.subject(), message.body()).setFrom(config.from())
                    .addHeader("Auto-Submitted", "auto-generated"));
            QuarkusTransaction.requiringNew().run(() -> store.sent(c.id(), clock.instant()));
            LOG.infof("Urgent notice %d sent (delivery %d, stage %d)", c.id(), c.deliveryId(), c.stage().number);
            return true;
        } catch (RuntimeException e) {
            Instant retryAt = retries().next(c.attempts(), clock.instant(), null, RandomGenerator.getDefault());
            String error = describe(e);
            QuarkusTransaction.requiringNew().run(() -> store.failed(c.id(), error, retryAt));
            LOG.warnf("Urgent notice %d (delivery %d) not sent, attempt %d: %s%s", c.id(), c.deliveryId(), c.attempts(), error,
                    retryAt == null ? "; no further attempt" : "; next attempt at " + retryAt);
            return false;
        }
    }

    private synchronized RetrySchedule retries() {
        if (retries == null) {
            retries = RetrySchedule.parse(config.retrySchedule());
        }
        return retries;
    }

    /** The failure as the admin page shows it: the SMTP server's answer or the connection problem, without a stack. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
