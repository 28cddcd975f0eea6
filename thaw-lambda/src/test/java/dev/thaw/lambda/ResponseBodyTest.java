package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Request;
import dev.thaw.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseBodyTest {

    @ParameterizedTest(name = "{0} -> textual {1}")
    @CsvSource({
        "text/plain,                                true",
        "text/html; charset=utf-8,                  true",
        "TEXT/CSV;CHARSET=UTF-8,                    true",
        "text/plain; charset=\"utf-8\",             true",
        "text/plain; charset=us-ascii,              true",
        "text/plain; charset=iso-8859-1,            false",
        "application/json,                          true",
        "application/problem+json,                  true",
        "application/vnd.api+json; charset=utf-8,   true",
        "application/xml,                           true",
        "image/svg+xml,                             true",
        "application/javascript,                    true",
        "application/x-www-form-urlencoded,         true",
        "application/octet-stream,                  false",
        "image/png,                                 false",
        "application/pdf,                           false",
        "application/jsonp,                         false",
    })
    void classifiesContentTypes(String contentType, boolean textual) {
        assertThat(ResponseBody.isTextual(contentType)).isEqualTo(textual);
    }

    @ParameterizedTest(name = "{0} / {1} -> base64 {3}")
    @CsvSource({
        "text/plain,               héllo,  héllo,     false",
        "application/json,         '{}',   '{}',      false",
        "image/svg+xml,            <svg/>, <svg/>,    false",
        "application/octet-stream, abc,    YWJj,      true",
        "text/plain; charset=iso-8859-1, abc, YWJj,   true",
        ",                         plain,  plain,     false",
    })
    void sendsTextualUtf8AsTextAndEverythingElseAsBase64(String contentType, String body, String sent, boolean base64) {
        Response response = Response.status(200).bytes(body.getBytes(StandardCharsets.UTF_8), contentType);

        ResponseBody encoded = ResponseBody.of(response, Request.get("/"));

        assertThat(encoded.body()).isEqualTo(sent);
        assertThat(encoded.base64Encoded()).isEqualTo(base64);
    }

    @org.junit.jupiter.api.Test
    void sendsBytesWithoutContentTypeThatAreNotUtf8AsBase64() {
        Response response = Response.status(200).bytes(new byte[] {(byte) 0xff, 0x00}, null);

        ResponseBody encoded = ResponseBody.of(response, Request.get("/"));

        assertThat(encoded).isEqualTo(new ResponseBody("/wA=", true));
    }

    @org.junit.jupiter.api.Test
    void keepsAReplacementCharacterThatIsPartOfValidUtf8AsText() {
        String text = "{\"name\":\"a\uFFFDb \u00e9 \ud83d\ude00\"}";
        Response response = Response.status(200).bytes(text.getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(ResponseBody.of(response, Request.get("/"))).isEqualTo(new ResponseBody(text, false));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "c3", // a lead byte with nothing after it
                "e282", // a three-byte sequence cut short
                "c0af", // an overlong '/'
                "eda080", // a UTF-16 surrogate encoded directly
                "f4908080", // above U+10FFFF
                "efbfbdff" // a real U+FFFD, then a malformed byte
            })
    void sendsMalformedUtf8AsBase64EvenBesideARealReplacementCharacter(String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        Response response = Response.status(200).bytes(bytes, "text/plain");

        assertThat(ResponseBody.of(response, Request.get("/")))
                .isEqualTo(new ResponseBody(java.util.Base64.getEncoder().encodeToString(bytes), true));
    }
}
