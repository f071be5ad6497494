package org.carerelay.harness;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server on loopback for the packaged portal's urgent notices (never a mock mailbox): GreenMail, started by
 * {@link CareRelayStack} before the app, on {@code CARERELAY_TEST_SMTP_PORT} or 2 + the test HTTP port (8081 -> 28081),
 * the port the test profile's mailer sends to. Other test classes make urgent deliveries too: read only the mail
 * addressed to your own unique address. {@link #outage()} stops the server for a while (the app's sends then meet a
 * closed port on loopback, as when the mail server is down); what it had received stays readable.
 */
public final class TestMail {

    /** One received message as a reader sees it. */
    public record Message(List<String> to, String subject, String body) {
    }

    public static final int SMTP_PORT = Integer.parseInt(System.getenv().getOrDefault("CARERELAY_TEST_SMTP_PORT", "2" + Browser.PORTAL_PORT));
    private static GreenMail server;
    /** What earlier servers (before an outage) received. */
    private static final List<Message> received = new ArrayList<>();
    private static boolean down;

    private TestMail() {
    }

    /** Starts the server once per test JVM (stopped when the JVM ends). */
    public static synchronized void ensureStarted() {
        if (server != null || down) {
            return;
        }
        GreenMail started = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        started.start();
        server = started;
        Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "greenmail-stop"));
    }

    /** Every message received so far for this address. */
    public static synchronized List<Message> to(String address) {
        ensureStarted();
        List<Message> all = new ArrayList<>(received);
        if (server != null) {
            Arrays.stream(server.getReceivedMessages()).map(TestMail::read).forEach(all::add);
        }
        return all.stream().filter(m -> m.to().contains(address)).toList();
    }

    /**
     * Stops the SMTP server until the returned outage is closed: nothing listens on {@link #SMTP_PORT}, so the app's
     * sends are refused at connect. Closing it starts a fresh server on the same port (the mail received so far is kept).
     */
    public static synchronized Outage outage() {
        ensureStarted();
        Arrays.stream(server.getReceivedMessages()).map(TestMail::read).forEach(received::add);
        server.stop();
        server = null;
        down = true;
        return new Outage();
    }

    /** The SMTP server is down while this is open. */
    public static final class Outage implements AutoCloseable {
        private boolean over;

        private Outage() {
        }

        /** The server is back, listening on the same port. */
        @Override
        public void close() {
            synchronized (TestMail.class) {
                if (!over) {
                    over = true;
                    down = false;
                    ensureStarted();
                }
            }
        }
    }

    private static Message read(MimeMessage m) {
        try {
            Address[] recipients = m.getAllRecipients();
            List<String> to = recipients == null ? List.of() : Arrays.stream(recipients).map(Address::toString).toList();
            Object content = m.getContent(); // decoded (quoted-printable wraps long lines)
            String body = content instanceof String text ? text : GreenMailUtil.getBody(m);
            return new Message(to, m.getSubject(), body.replace("\r\n", "\n"));
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
