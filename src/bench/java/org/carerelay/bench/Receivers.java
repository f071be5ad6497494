package org.carerelay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * P6's webhook receivers: one loopback HTTP server per endpoint inside the benchmark's JVM. An answering one notes
 * when each {@code delivery.created} message for a delivery first arrived (System.nanoTime, the clock the ingest
 * client uses too) and answers 204 at once; a hanging one reads the request and never answers (the portal gives up
 * after its 15 s timeout).
 */
final class Receivers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Receivers() {
    }

    /** One receiver. */
    static final class Receiver implements AutoCloseable {
        final boolean hangs;
        final String url;
        /** delivery id -> nanoTime of the first {@code delivery.created} message about it. */
        final Map<Long, Long> firstSeen = new ConcurrentHashMap<>();
        final AtomicInteger requests = new AtomicInteger();
        private final HttpServer server;
        private final ExecutorService threads;
        private final CountDownLatch closed = new CountDownLatch(1);

        private Receiver(boolean hangs) throws IOException {
            this.hangs = hangs;
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            this.threads = hangs ? Executors.newCachedThreadPool(Receivers::daemon) : Executors.newFixedThreadPool(3, Receivers::daemon);
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                long at = System.nanoTime();
                requests.incrementAndGet();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (this.hangs) {
                    try {
                        closed.await(); // never answers while the benchmark runs
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                    return;
                }
                try {
                    JsonNode message = JSON.readTree(body);
                    if ("delivery.created".equals(message.path("type").asText())) {
                        firstSeen.putIfAbsent(message.path("data").path("deliveryId").asLong(), at);
                    }
                } catch (IOException e) {
                    // counted as a request; not a delivery message
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            this.url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            closed.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }

    static Receiver start(boolean hangs) throws IOException {
        return new Receiver(hangs);
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "receiver");
        t.setDaemon(true);
        return t;
    }
}
