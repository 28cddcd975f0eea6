package dev.thaw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.EventSource;
import dev.thaw.Request;
import dev.thaw.Response;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GoldenEventsTest {

    /** Lists the files actually in the events folder, so a file missing from the lists is noticed. */
    static List<String> filesOnDisk() throws IOException, URISyntaxException {
        URL folder = GoldenEvents.class.getResource("events/");
        assertThat(folder).as("the events folder is on the class path").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("filesOnDisk")
    void everyGoldenFileParsesAsAJsonObject(String name) {
        assertThat(GoldenEvents.parse(GoldenEvents.load(name))).isNotEmpty();
        assertThat(GoldenEvents.text(name)).startsWith("{");
    }

    @Test
    void theListsNameEveryFileAndEveryHttpEventHasAResponse() throws Exception {
        Set<String> listed = new HashSet<>();
        for (String event : GoldenEvents.httpEvents()) {
            listed.add(event);
            listed.add(GoldenEvents.responseName(event));
        }
        listed.addAll(GoldenEvents.nonHttpEvents());

        assertThat(filesOnDisk()).containsExactlyInAnyOrderElementsOf(listed);
        assertThat(GoldenEvents.httpEvents())
                .doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(GoldenEvents.nonHttpEvents());
    }

    @Test
    void coversEverySourceWithAnEncodedPathAnEmptyBodyAndABase64Body() {
        for (String prefix :
                List.of("apigw-v1", "apigw-http-v1", "apigw-v2", "function-url", "alb-single", "alb-multi")) {
            assertThat(GoldenEvents.httpEvents())
                    .as(prefix)
                    .contains(prefix + "-encoded-path.json", prefix + "-post-empty.json", prefix + "-post-base64.json");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "apigw-v1-get.json,               API_GATEWAY_REST",
        "apigw-http-v1-post-empty.json,   API_GATEWAY_HTTP",
        "apigw-v2-encoded-path.json,      API_GATEWAY_HTTP",
        "function-url-post-base64.json,   FUNCTION_URL",
        "alb-single.json,                 ALB",
        "alb-multi-encoded-query.json,    ALB",
    })
    void tellsTheSourceByTheName(String event, EventSource source) {
        assertThat(GoldenEvents.source(event)).isEqualTo(source);
    }

    @Test
    void everyHttpEventHasASource() {
        for (String event : GoldenEvents.httpEvents()) {
            assertThat(GoldenEvents.source(event)).as(event).isNotNull();
        }
        assertThatThrownBy(() -> GoldenEvents.source("sqs.json")).hasMessageContaining("sqs.json");
    }

    @Test
    void namesTheResponseOfAnEvent() {
        assertThat(GoldenEvents.responseName("alb-multi.json")).isEqualTo("alb-multi.response.json");
        assertThat(GoldenEvents.expectedResponse("alb-multi.json"))
                .isEqualTo(GoldenEvents.load("alb-multi.response.json"));
        assertThatThrownBy(() -> GoldenEvents.responseName("alb-multi.response.json"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnUnknownNameNamingIt() {
        assertThatThrownBy(() -> GoldenEvents.load("kinesis.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kinesis.json")
                .hasMessageContaining("no such file");
    }

    @Test
    void refusesJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> GoldenEvents.parse("[1,2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected an object");
    }

    @Test
    void theGoldenRoutesEchoDecodedPathParametersHeadersAndCookies() throws Exception {
        Request request = Request.builder("GET", "/files/a%20b%2Fc/%E2%82%AC")
                .header("accept", "text/html")
                .header("accept", "text/plain")
                .header("cookie", "theme=dark; session=s1")
                .build();

        Response response = GoldenEvents.routes().build().handle(request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().all("x-accept")).containsExactly("text/html", "text/plain");
        assertThat(response.cookies()).containsExactly("seen-file=1; Path=/files", "theme=dark; Path=/");
        assertThat(response.bodyText())
                .isEqualTo("dir=a b/c name=€ raw=/files/a%20b%2Fc/%E2%82%AC cookies={session=s1, theme=dark}");
    }
}
