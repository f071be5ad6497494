package org.carerelay.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A webhook receiver on loopback (the JDK's HTTP server), answering as the test scripts it, recording every request. */
public final class Receiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Request(String id, String timestamp, String signature, String body, Instant receivedAt, int nthForId,
            com.sun.net.httpserver.Headers headers) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(body, e);
            }
        }

        public String type() {
            return json().path("type").asText();
        }
    }

    /** What to answer: a status after a pause (a pause longer than the sender's timeout is "never answers"). */
    public record Answer(int status, long pauseMillis, String retryAfter) {
        public static Answer status(int status) {
            return new Answer(status, 0, null);
        }
    }

    public interface Script {
        Answer answer(Request request);
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> perId = new ConcurrentHashMap<>();
    private volatile Script script;

    private Receiver(Script script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/hooks", this::handle);
        server.start();
    }

    public static Receiver start(Script script) {
        try {
            return new Receiver(script);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Always 200. */
    public static Receiver accepting() {
        return start(r -> Answer.status(200));
    }

    public void script(Script next) {
        this.script = next;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        Request request = new Request(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(),
                perId.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet(), exchange.getRequestHeaders());
        requests.add(request);
        Answer answer = script.answer(request);
        try {
            if (answer.pauseMillis() > 0) {
                Thread.sleep(answer.pauseMillis());
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            byte[] reply = ("{\"received\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the sender gave up (timeout) or died: nothing to answer
        } finally {
            exchange.close();
        }
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public List<Request> requests(Predicate<Request> which) {
        return requests.stream().filter(which).toList();
    }

    /** Waits until at least {@code n} requests match, or fails naming what arrived. */
    public List<Request> await(int n, Predicate<Request> which, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            List<Request> found = requests(which);
            if (found.size() >= n) {
                return found;
            }
            sleep(100);
        }
        throw new AssertionError("expected " + n + " matching webhook request(s) within " + within + "; received: "
                + requests.stream().map(r -> r.id() + " " + r.body()).toList());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
