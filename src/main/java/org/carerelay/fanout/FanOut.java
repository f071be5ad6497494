package org.carerelay.fanout;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Live fan-out through PostgreSQL LISTEN/NOTIFY. {@link #announce} runs inside the writing
 * transaction, so PostgreSQL delivers the notification only if and when it commits; every app
 * instance listens on one connection and hands announcements to its local subscribers (the
 * worklists' server-sent events). Works with any number of instances.
 */
@ApplicationScoped
public class FanOut {

    static final String CHANNEL = "carerelay_deliveries";
    private static final Logger LOG = Logger.getLogger(FanOut.class);

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    private final List<Consumer<Announcement>> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread listener;

    /** Announces after commit (NOTIFY is transactional). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announce(Announcement announcement) {
        em.createNativeQuery("SELECT pg_notify(:channel, :payload)")
                .setParameter("channel", CHANNEL).setParameter("payload", announcement.toPayload()).getSingleResult();
    }

    public Runnable subscribe(Consumer<Announcement> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        listener = new Thread(this::listen, "fan-out-listener");
        listener.setDaemon(true);
        listener.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    private void listen() {
        // raw JDBC: LISTEN needs one dedicated connection, outside any transaction, polled for the driver's notifications
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                LOG.debug("fan-out: listening");
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        dispatch(Announcement.fromPayload(notification.getParameter()));
                    }
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("fan-out listener lost its connection (%s); reconnecting in 2 s", e.getMessage());
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private void dispatch(Announcement announcement) {
        for (Consumer<Announcement> subscriber : subscribers) {
            try {
                subscriber.accept(announcement);
            } catch (RuntimeException e) {
                LOG.warn("fan-out subscriber failed", e);
            }
        }
    }
}
