package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.thaw.Json;
import dev.thaw.testkit.FakeRuntimeApi;
import dev.thaw.testkit.GoldenEvents;
import io.avaje.jsonb.JsonType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every golden event, mutated 200 times each (byte flips, deleted fields, fields of another type,
 * truncation, huge values, deep nesting, and mixes of these; seeded, so a failure names a reproducible
 * case), fed to ONE running packaged examples/users-api through its {@code bootstrap} and the fake Runtime
 * API. Each invocation gets exactly one answer: a response with a 2xx or 4xx status, or an invocation
 * error with a valid error type. The process never exits, and a valid event afterwards still gets its 200.
 * Skipped until the example is built.
 */
class MutatedGoldenEventsTest {

    private static final long SEED = 0x7a11_2026L;
    private static final int MUTATIONS_PER_EVENT = 200;
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(60);
    private static final Duration ANSWER = Duration.ofSeconds(20);
    private static final JsonType<Object> TREE = Json.jsonb().type(Object.class);
    private static final String DEEP = "\u0000deep\u0000";

    @TempDir
    Path tmp;

    /** One mutated event and how it was made, for the failure message. */
    private record Case(String golden, int index, String how, byte[] event) {
        @Override
        public String toString() {
            return golden + " #" + index + " (" + how + ", " + event.length + " bytes, seed " + SEED + ")";
        }
    }

    @Test
    void everyMutatedEventGetsExactlyOneAnswerAndTheFunctionKeepsServing() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        PackageApp.Written written = PackagedUsersApi.packageCopy(tmp);
        HttpServer downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        downstream.createContext("/sync", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(204, -1);
            }
        });
        downstream.start();
        try (FakeRuntimeApi api = FakeRuntimeApi.start();
                FunctionProcess function = FunctionProcess.bootstrap(
                        written.function(),
                        api.endpoint(),
                        Map.of(
                                "SYNC_URL",
                                "http://127.0.0.1:" + downstream.getAddress().getPort() + "/sync"),
                        tmp.resolve("function.log"))) {
            assertValidEventAnswered200(api, function, FIRST_ANSWER);

            Random random = new Random(SEED);
            List<String> goldens = new ArrayList<>(GoldenEvents.httpEvents());
            goldens.addAll(GoldenEvents.nonHttpEvents());
            Map<String, Case> sent = new LinkedHashMap<>();
            Map<String, Integer> tally = new TreeMap<>();
            for (String golden : goldens) {
                byte[] original = GoldenEvents.load(golden);
                List<String> ids = new ArrayList<>(MUTATIONS_PER_EVENT);
                for (int i = 0; i < MUTATIONS_PER_EVENT; i++) {
                    Case c = mutate(golden, i, original, random);
                    String id = api.enqueue(c.event());
                    sent.put(id, c);
                    ids.add(id);
                }
                for (String id : ids) {
                    tally.merge(assertOneGoodAnswer(api, id, sent.get(id), function), 1, Integer::sum);
                }
            }
            // A second answer would come right behind the first: look again once everything is answered.
            for (Map.Entry<String, Case> e : sent.entrySet()) {
                assertThat(api.answers(e.getKey()))
                        .as("answers to %s", e.getValue())
                        .hasSize(1);
            }
            assertThat(function.isAlive()).as(function.output()).isTrue();
            assertValidEventAnswered200(api, function, ANSWER);
            // For the reliability notes: how the mutated events were answered.
            System.out.println("MutatedGoldenEventsTest: " + sent.size() + " mutated events answered " + tally);
        } finally {
            downstream.stop(0);
        }
    }

    /** Asserts the one answer to {@code c}; returns its kind for the tally ("error Runtime.X", "status 4xx"). */
    private static String assertOneGoodAnswer(FakeRuntimeApi api, String id, Case c, FunctionProcess function) {
        FakeRuntimeApi.Answer answer;
        try {
            answer = api.awaitAnswer(id, ANSWER);
        } catch (AssertionError e) {
            throw new AssertionError(
                    "no answer to " + c + " (process " + (function.isAlive() ? "running" : "ended") + "); event: "
                            + preview(c.event()) + "\nits output:\n" + tail(function.output()),
                    e);
        }
        if (answer.kind() == FakeRuntimeApi.Answer.Kind.ERROR) {
            assertThat(answer.errorTypeValid())
                    .as("error type %s of %s", answer.errorType(), c)
                    .isTrue();
            return "error " + answer.errorType();
        }
        assertThat(answer.kind()).as("answer to %s", c).isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
        Object status = GoldenEvents.parse(answer.body()).get("statusCode");
        assertThat(status)
                .as("statusCode of the answer to %s: %s", c, answer.bodyText())
                .isInstanceOf(Number.class);
        int code = ((Number) status).intValue();
        assertThat(code / 100 == 2 || code / 100 == 4)
                .as("status %d answering %s: %s; event: %s", code, c, preview(answer.body()), preview(c.event()))
                .isTrue();
        return "status " + code / 100 + "xx";
    }

    private static void assertValidEventAnswered200(FakeRuntimeApi api, FunctionProcess function, Duration timeout) {
        String id = api.enqueue(GoldenEvents.load("apigw-v2-get.json"));
        FakeRuntimeApi.Answer answer;
        try {
            answer = api.awaitAnswer(id, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(
                    "no answer to a valid GET (process " + (function.isAlive() ? "running" : "ended")
                            + "); its output:\n" + tail(function.output()),
                    e);
        }
        assertThat(GoldenEvents.parse(answer.body()).get("statusCode"))
                .as(answer.bodyText())
                .isEqualTo(200L);
    }

    // ---- mutations ----

    private static Case mutate(String golden, int index, byte[] original, Random random) {
        int rounds = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
        byte[] event = original;
        List<String> how = new ArrayList<>(rounds);
        for (int r = 0; r < rounds; r++) {
            int kind = random.nextInt(6);
            Object tree = kind >= 1 && kind <= 4 ? parseOrNull(event) : null;
            if (tree == null && kind >= 1 && kind <= 4) {
                kind = random.nextBoolean() ? 0 : 5;
            }
            try {
                event = apply(kind, tree, event, random, how);
            } catch (StackOverflowError | RuntimeException unwritable) {
                // An earlier round nested it deeper than the tree writer recurses, or left a lone surrogate
                // it refuses to write: flip bytes instead.
                event = flipBytes(event, random);
                how.add("byte flips");
            }
        }
        return new Case(golden, index, String.join(" + ", how), event);
    }

    private static byte[] apply(int kind, Object tree, byte[] event, Random random, List<String> how) {
        switch (kind) {
            case 0 -> {
                event = flipBytes(event, random);
                how.add("byte flips");
            }
            case 1 -> {
                event = TREE.toJsonBytes(edit(tree, random, Edit.DELETE));
                how.add("field deleted");
            }
            case 2 -> {
                event = TREE.toJsonBytes(edit(tree, random, Edit.RETYPE));
                how.add("type changed");
            }
            case 3 -> {
                event = TREE.toJsonBytes(edit(tree, random, Edit.HUGE));
                how.add("huge value");
            }
            case 4 -> {
                String json = TREE.toJson(edit(tree, random, Edit.DEEP));
                int depth = 10 + random.nextInt(random.nextBoolean() ? 100 : 100_000);
                String quoted = Json.appendQuoted(new StringBuilder(), DEEP).toString();
                String nested = random.nextBoolean()
                        ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                event = json.replace(quoted, nested).getBytes(StandardCharsets.UTF_8);
                how.add("nested " + depth + " deep");
            }
            default -> {
                event = Arrays.copyOf(event, random.nextInt(Math.max(1, event.length)));
                how.add("truncated");
            }
        }
        return event;
    }

    private enum Edit {
        DELETE,
        RETYPE,
        HUGE,
        DEEP
    }

    private static Object parseOrNull(byte[] event) {
        try {
            return TREE.fromJson(event);
        } catch (RuntimeException | StackOverflowError notJsonOrTooDeepForTheTreeParser) {
            // An earlier round broke or deeply nested it: the next round flips or truncates instead.
            return null;
        }
    }

    private static byte[] flipBytes(byte[] event, Random random) {
        byte[] out = event.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            out[at] = (byte) (random.nextBoolean() ? out[at] ^ (1 << random.nextInt(8)) : random.nextInt(256));
        }
        return out;
    }

    /** Walks to a random field or element and applies {@code edit} there; returns the new root. */
    @SuppressWarnings("unchecked")
    private static Object edit(Object node, Random random, Edit edit) {
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<String, Object> object = new LinkedHashMap<>((Map<String, Object>) map);
            List<String> keys = new ArrayList<>(object.keySet());
            String key = keys.get(random.nextInt(keys.size()));
            Object child = object.get(key);
            boolean deeper =
                    (child instanceof Map<?, ?> m && !m.isEmpty() || child instanceof List<?> l && !l.isEmpty())
                            && random.nextInt(3) > 0;
            if (deeper) {
                object.put(key, edit(child, random, edit));
            } else if (edit == Edit.DELETE) {
                object.remove(key);
            } else {
                object.put(key, replacement(child, random, edit));
            }
            return object;
        }
        if (node instanceof List<?> list && !list.isEmpty()) {
            List<Object> array = new ArrayList<>(list);
            int at = random.nextInt(array.size());
            if (edit == Edit.DELETE && random.nextBoolean()) {
                array.remove(at);
            } else {
                array.set(at, edit(array.get(at), random, edit));
            }
            return array;
        }
        return edit == Edit.DELETE ? null : replacement(node, random, edit);
    }

    private static Object replacement(Object old, Random random, Edit edit) {
        return switch (edit) {
            case HUGE -> {
                int size = random.nextInt(10) == 0 ? 5_000_000 : 1_000 + random.nextInt(1_000_000);
                String unit = old instanceof String s && !s.isEmpty() ? s : "x";
                yield unit.repeat(Math.max(1, size / unit.length()));
            }
            case DEEP -> DEEP;
            default ->
                switch (random.nextInt(7)) {
                    case 0 -> null;
                    case 1 -> random.nextBoolean();
                    case 2 -> random.nextLong();
                    case 3 -> random.nextDouble() * 1e300;
                    case 4 -> List.of("a", 1L);
                    case 5 -> Map.of("k", "v");
                    default -> old instanceof String ? 42L : "text";
                };
        };
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
        return bytes.length > 300 ? text + "…" : text;
    }

    private static String tail(String output) {
        return output.length() > 4_000 ? "…" + output.substring(output.length() - 4_000) : output;
    }
}
