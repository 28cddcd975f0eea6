package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Request;
import dev.thaw.Router;
import dev.thaw.testkit.GoldenEvents;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each golden HTTP event goes through detection, decode, the testkit's golden routes and encode; the
 * answer must equal the golden {@code NAME.response.json}, compared as parsed JSON.
 */
class RoundTripTest {

    private static final Router ROUTER = GoldenEvents.routes().build();

    static List<String> httpEvents() {
        return GoldenEvents.httpEvents();
    }

    @ParameterizedTest
    @MethodSource("httpEvents")
    void answersEachGoldenEventWithItsGoldenResponse(String name) throws Exception {
        byte[] event = GoldenEvents.load(name);
        EventCodec codec = EventCodecs.forEvent(event).orElseThrow();

        Request request = codec.decode(event, LambdaTestEvents.runtimeContext());
        byte[] answer = codec.encode(ROUTER.handle(request), request);

        assertThat(GoldenEvents.parse(answer)).isEqualTo(GoldenEvents.parse(GoldenEvents.expectedResponse(name)));
    }
}
