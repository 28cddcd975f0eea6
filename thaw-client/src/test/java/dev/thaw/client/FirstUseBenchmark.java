package dev.thaw.client;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the first-use cost of one GET from a fresh JVM (C1 only, SerialGC): spawn to printed status,
 * median of N runs per client, plain and https, against loopback servers. Not a test; run by hand:
 * {@code java -cp <test classpath> dev.thaw.client.FirstUseBenchmark [runs]}.
 */
final class FirstUseBenchmark {

    private FirstUseBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("thaw-first-use");
        KeyStore keys = TestCertificates.load(TestCertificates.make(dir, "localhost", "dns:localhost,ip:127.0.0.1"));
        Path trust = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(trust)) {
            TestCertificates.trusting(keys).store(out, TestCertificates.PASSWORD);
        }
        HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpsServer tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.serverContext(keys)));
        for (HttpServer server : List.of(plain, tls)) {
            server.createContext("/", exchange -> {
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }
        String http = "http://localhost:" + plain.getAddress().getPort() + "/";
        String https = "https://localhost:" + tls.getAddress().getPort() + "/";
        List<String> trustFlags = List.of(
                "-Djavax.net.ssl.trustStore=" + trust,
                "-Djavax.net.ssl.trustStorePassword=" + new String(TestCertificates.PASSWORD),
                "-Djavax.net.ssl.trustStoreType=PKCS12");
        System.out.printf(
                "first use, one GET, median of %d fresh JVMs (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)%n", runs);
        System.out.printf("%-14s %-6s %9s %9s%n", "client", "scheme", "median ms", "added ms");
        for (String url : List.of(http, https)) {
            String scheme = url.startsWith("https") ? "https" : "http";
            long base = median("none", url, trustFlags, runs);
            System.out.printf("%-14s %-6s %9d %9s%n", "(empty main)", scheme, base, "-");
            for (String client : List.of("thaw", "urlconnection", "jdk")) {
                long m = median(client, url, trustFlags, runs);
                System.out.printf("%-14s %-6s %9d %9d%n", client, scheme, m, m - base);
            }
        }
        plain.stop(0);
        tls.stop(0);
    }

    private static long median(String client, String url, List<String> flags, int runs) throws Exception {
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:+UseSerialGC");
            command.addAll(flags);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(FirstUseProbe.class.getName());
            command.add(client);
            command.add(url);
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String line;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line = r.readLine();
                times[i] = (System.nanoTime() - start) / 1_000_000;
                r.transferTo(java.io.Writer.nullWriter());
            }
            p.waitFor();
            if (line == null || !line.startsWith("status ")) {
                throw new IllegalStateException(client + " GET " + url + " failed: " + line);
            }
        }
        Arrays.sort(times);
        return times[runs / 2];
    }
}
