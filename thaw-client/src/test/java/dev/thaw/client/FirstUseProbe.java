package dev.thaw.client;

import dev.thaw.Context;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Makes one GET with the client named in {@code args[0]} ({@code none}, {@code thaw}, {@code jdk},
 * {@code urlconnection}) to {@code args[1]}, prints the status and exits; {@link FirstUseBenchmark} times it
 * from a fresh JVM.
 */
final class FirstUseProbe {

    private FirstUseProbe() {}

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[1]);
        int status = switch (args[0]) {
            case "none" -> 0;
            case "thaw" ->
                ThawClient.create()
                        .send(OutboundRequest.get(uri), Context.direct())
                        .status();
            case "jdk" ->
                HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
                        .statusCode();
            case "urlconnection" -> {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                try (InputStream in = c.getInputStream()) {
                    in.readAllBytes();
                }
                yield c.getResponseCode();
            }
            default -> throw new IllegalArgumentException("unknown client " + args[0]);
        };
        System.out.println("status " + status);
        System.out.flush();
        System.exit(0);
    }
}
