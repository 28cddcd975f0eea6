package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CookieTest {

    @Test
    void rendersASessionCookieAsNameAndValue() {
        assertThat(Cookie.of("session", "abc123").toSetCookie()).isEqualTo("session=abc123");
        assertThat(Cookie.of("empty", "").toSetCookie()).isEqualTo("empty=");
    }

    @Test
    void rendersEveryAttributeInAFixedOrder() {
        Cookie cookie = Cookie.of("session", "abc123")
                .sameSite("Lax")
                .httpOnly()
                .secure()
                .maxAge(Duration.ofHours(1))
                .domain("example.com")
                .path("/api");

        assertThat(cookie.toSetCookie())
                .isEqualTo(
                        "session=abc123; Path=/api; Domain=example.com; Max-Age=3600; Secure; HttpOnly; SameSite=Lax");
        assertThat(cookie).hasToString(cookie.toSetCookie());
        assertThat(cookie.name()).isEqualTo("session");
        assertThat(cookie.value()).isEqualTo("abc123");
    }

    @Test
    void rendersZeroOrNegativeMaxAgeAsZeroToDeleteTheCookie() {
        assertThat(Cookie.of("a", "1").maxAge(Duration.ZERO).toSetCookie()).isEqualTo("a=1; Max-Age=0");
        assertThat(Cookie.of("a", "1").maxAge(Duration.ofSeconds(-5)).toSetCookie())
                .isEqualTo("a=1; Max-Age=0");
    }

    @Test
    void returnsCopiesAndLeavesTheOriginal() {
        Cookie plain = Cookie.of("a", "1");

        Cookie secure = plain.secure();

        assertThat(plain.toSetCookie()).isEqualTo("a=1");
        assertThat(secure.toSetCookie()).isEqualTo("a=1; Secure");
    }

    @Test
    void acceptsTokenCharactersInNamesAndCookieOctetsInValues() {
        Cookie cookie = Cookie.of("__Host-id_1.x!#$%&'*+^`|~", "base64+/=value!#$%&'()*-./:<=>?@[]^_`{|}~");

        assertThat(cookie.toSetCookie())
                .isEqualTo("__Host-id_1.x!#$%&'*+^`|~=base64+/=value!#$%&'()*-./:<=>?@[]^_`{|}~");
    }

    static Stream<String> invalidNames() {
        return Stream.of(
                "", "a b", "a=b", "a;b", "a,b", "a\"b", "(a)", "a/b", "a:b", "a@b", "ü", "a\tb", "a\r\nb", "a{b}");
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void rejectsNamesThatAreNotTokens(String name) {
        assertThatThrownBy(() -> Cookie.of(name, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid cookie name");
    }

    static Stream<String> invalidValues() {
        return Stream.of("a b", "a;b", "a,b", "a\"b", "a\\b", "ü", "a\tb", "a\r\nSet-Cookie: x=1", "\u007f");
    }

    @ParameterizedTest
    @MethodSource("invalidValues")
    void rejectsValuesOutsideCookieOctets(String value) {
        assertThatThrownBy(() -> Cookie.of("name", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cookie 'name'");
    }

    static Stream<String> invalidAttributes() {
        return Stream.of("/a; Secure", "a\r\nb", "a\u0000", "a\u007f");
    }

    @ParameterizedTest
    @MethodSource("invalidAttributes")
    void rejectsAttributesThatWouldAddAttributesOrLines(String attribute) {
        Cookie cookie = Cookie.of("a", "1");

        assertThatThrownBy(() -> cookie.path(attribute)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cookie.domain(attribute)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cookie.sameSite(attribute)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void goesToTheResponsesCookiesWhenSet() {
        Response response = Response.status(200)
                .cookie(Cookie.of("a", "1").httpOnly())
                .cookie(Cookie.of("b", "2"))
                .empty();

        assertThat(response.cookies()).containsExactly("a=1; HttpOnly", "b=2");
        assertThat(response.headers().contains("set-cookie")).isFalse();
    }
}
