package dev.thaw.lambda;

import dev.thaw.lambda.ScriptedRuntimeApi.Received;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A raw-socket Runtime API that misbehaves on cue, for fault tests: a script turns each request into an
 * {@link Action} — reply bytes (possibly truncated), an optional delay, and whether the connection then
 * stays open, is closed (FIN) or is reset (RST). Every request read is recorded, so a test can count the
 * answers each invocation got as the server saw them.
 */
final class FaultyRuntimeApi implements AutoCloseable {

    /** What happens to the connection after the reply. */
    enum Ending {
        KEEP,
        CLOSE,
        RESET
    }

    /** One scripted step: wait {@code delayMillis}, write {@code reply} (may be empty), then {@code ending}. */
    record Action(byte[] reply, long delayMillis, Ending ending) {

        static Action reply(byte[] reply) {
            return new Action(reply, 0, Ending.KEEP);
        }

        /** Closes the connection without answering: the request was read in full, then dropped. */
        static Action drop() {
            return new Action(new byte[0], 0, Ending.CLOSE);
        }

        Action then(Ending ending) {
            return new Action(reply, delayMillis, ending);
        }

        Action after(long millis) {
            return new Action(reply, millis, ending);
        }
    }

    /** A 200 {@code /next} reply handing out {@code event} as invocation {@code requestId}. */
    static byte[] event(String requestId, byte[] event) {
        return event(requestId, event, System.currentTimeMillis() + 30_000);
    }

    /** A 200 {@code /next} reply handing out {@code event} with deadline {@code deadlineMillis}. */
    static byte[] event(String requestId, byte[] event, long deadlineMillis) {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: "
                        + requestId + "\r\nLambda-Runtime-Deadline-Ms: " + deadlineMillis
                        + "\r\nContent-Length: " + event.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + event.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(event, 0, all, head.length, event.length);
        return all;
    }

    /** A reply with {@code status} and a Runtime API error JSON. */
    static byte[] status(int status) {
        return ScriptedRuntimeApi.reply(
                status,
                "{\"errorMessage\":\"injected\",\"errorType\":\"Fake.Fault\"}",
                "Content-Type",
                "application/json");
    }

    private final ServerSocket server;
    private final Function<Received, Action> script;
    private final List<Received> received = new ArrayList<>();
    private volatile int connections;

    FaultyRuntimeApi(Function<Received, Action> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("faulty-runtime-api").start(this::accept);
    }

    String endpoint() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    int connections() {
        return connections;
    }

    /** Returns every request read so far, in order. */
    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Returns how many answers ({@code POST …/response} or {@code …/error}) for {@code requestId} arrived in full. */
    long answers(String requestId) {
        String prefix = RuntimeApiClient.PREFIX + "/invocation/" + requestId + "/";
        return received().stream()
                .filter(r -> r.method().equals("POST") && r.path().startsWith(prefix))
                .count();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections++;
                Thread.ofPlatform().daemon().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                Received r = ScriptedRuntimeApi.read(in);
                if (r == null) {
                    return;
                }
                synchronized (received) {
                    received.add(r);
                }
                Action action = script.apply(r);
                if (action.delayMillis() > 0) {
                    Thread.sleep(action.delayMillis());
                }
                out.write(action.reply());
                out.flush();
                if (action.ending() == Ending.RESET) {
                    socket.setSoLinger(true, 0);
                    return;
                }
                if (action.ending() == Ending.CLOSE) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
