package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppProcessTest {

    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    /** A real child JVM run from source: reports its environment, then exits, waits, or resists stopping. */
    private List<String> child(String mode) throws IOException {
        Path source = Files.writeString(tmp.resolve("Child.java"), """
                class Child {
                    public static void main(String[] args) throws Exception {
                        System.out.println("PORT=" + System.getenv("PORT") + " HOST=" + System.getenv("HOST")
                                + " DIR=" + System.getProperty("user.dir") + " GREETING=" + System.getenv("GREETING"));
                        System.out.flush();
                        switch (args[0]) {
                            case "wait" -> Thread.sleep(60_000);
                            case "stubborn" -> {
                                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                                    try { Thread.sleep(60_000); } catch (InterruptedException e) { }
                                }));
                                System.out.println("hooked");
                                System.out.flush();
                                Thread.sleep(60_000);
                            }
                            default -> System.exit(Integer.parseInt(args[0]));
                        }
                    }
                }
                """);
        return List.of(JAVA, "-XX:TieredStopAtLevel=1", source.toString(), mode);
    }

    @Test
    void passesPortHostAndTheGivenVariablesAndReturnsTheChildsExitCode() throws Exception {
        Path log = tmp.resolve("child.log");
        Path workDir = Files.createDirectories(tmp.resolve("app")).toRealPath();

        AppProcess app = AppProcess.start(
                child("7"), workDir, "127.0.0.1", 4321, Map.of("GREETING", "hello"), Redirect.to(log.toFile()));

        assertThat(app.waitFor()).isEqualTo(7);
        assertThat(Files.readString(log)).contains("PORT=4321 HOST=127.0.0.1 DIR=" + workDir + " GREETING=hello");
        assertThat(app.url()).isEqualTo("http://127.0.0.1:4321");
    }

    @Test
    void stopsTheChildWithSigterm() throws Exception {
        Path log = tmp.resolve("child.log");
        AppProcess app = AppProcess.start(child("wait"), tmp, "127.0.0.1", 1, Map.of(), Redirect.to(log.toFile()));
        awaitOutput(log, "PORT=");

        int code = app.stop(Duration.ofSeconds(10));

        assertThat(app.isAlive()).isFalse();
        assertThat(code).isEqualTo(128 + 15);
    }

    @Test
    void killsAChildThatDoesNotStopWithinTheGracePeriod() throws Exception {
        Path log = tmp.resolve("child.log");
        AppProcess app = AppProcess.start(child("stubborn"), tmp, "127.0.0.1", 1, Map.of(), Redirect.to(log.toFile()));
        awaitOutput(log, "hooked");

        long started = System.nanoTime();
        int code = app.stop(Duration.ofMillis(300));

        assertThat(app.isAlive()).isFalse();
        assertThat(code).isEqualTo(128 + 9);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void formatsIpv6HostsInUrls() {
        assertThat(AppProcess.url("::1", 3000)).isEqualTo("http://[::1]:3000");
    }

    private static void awaitOutput(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            assertThat(System.nanoTime())
                    .as("child printed %s within 20 s", text)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
