package dev.thaw.lambda;

import dev.thaw.Request;
import dev.thaw.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A response body as an event source carries it: text when the content type is textual (or absent) and
 * the bytes are UTF-8, else base64. Text is preferred because a REST API hands a base64 body to the client
 * as is unless the API lists the type as binary.
 */
record ResponseBody(String body, boolean base64Encoded) {

    private static final ResponseBody EMPTY = new ResponseBody("", false);

    /**
     * Returns the body of {@code response} for {@code request} (none for HEAD).
     *
     * @throws IllegalArgumentException when the response is streaming
     */
    static ResponseBody of(Response response, Request request) {
        if (response.isStreaming()) {
            throw new IllegalArgumentException("Encode the response to " + request.method() + " " + request.rawPath()
                    + ": a streaming body needs Lambda's"
                    + " response streaming path (invoke mode RESPONSE_STREAM), not a buffered event answer");
        }
        byte[] bytes = response.body();
        if (bytes.length == 0 || request.method().equals("HEAD")) {
            return EMPTY;
        }
        String contentType = response.header("content-type").orElse(null);
        if (contentType == null || isTextual(contentType)) {
            String text = utf8(bytes);
            if (text != null) {
                return new ResponseBody(text, false);
            }
        }
        return new ResponseBody(Base64.getEncoder().encodeToString(bytes), true);
    }

    /**
     * Returns whether {@code contentType} is text in UTF-8: {@code text/*}, JSON, XML, JavaScript or a form,
     * with no charset or a UTF-8 compatible one.
     */
    static boolean isTextual(String contentType) {
        String lower = contentType.toLowerCase(Locale.ROOT);
        int semi = lower.indexOf(';');
        String type = (semi < 0 ? lower : lower.substring(0, semi)).trim();
        boolean textual = type.startsWith("text/")
                || type.equals("application/json")
                || type.endsWith("+json")
                || type.equals("application/xml")
                || type.endsWith("+xml")
                || type.equals("application/javascript")
                || type.equals("application/x-www-form-urlencoded");
        if (!textual || semi < 0) {
            return textual;
        }
        int at = lower.indexOf("charset=", semi);
        if (at < 0) {
            return true;
        }
        String charset = lower.substring(at + "charset=".length()).replace("\"", "");
        int end = charset.indexOf(';');
        charset = (end < 0 ? charset : charset.substring(0, end)).trim();
        return charset.equals("utf-8") || charset.equals("utf8") || charset.equals("us-ascii");
    }

    private static String utf8(byte[] bytes) {
        // The String constructor replaces every malformed sequence with U+FFFD: without one in its result
        // the bytes were valid UTF-8. It copies ASCII (most JSON) without decoding, where a strict decoder
        // made and run per answer was a visible part of the interpreted first requests.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        // a replacement character either way: the strict decoder tells a real one from malformed input
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }
}
