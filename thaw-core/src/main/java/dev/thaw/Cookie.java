package dev.thaw;

import java.time.Duration;

/**
 * A cookie to set on the client, rendered as one {@code Set-Cookie} value.
 *
 * <pre>{@code
 * Response.status(200).cookie(Cookie.of("session", token).httpOnly().secure().path("/").maxAge(Duration.ofHours(1)))
 * }</pre>
 */
public final class Cookie {

    private final String name;
    private final String value;
    private final String path;
    private final String domain;
    private final Duration maxAge;
    private final boolean secure;
    private final boolean httpOnly;
    private final String sameSite;

    private Cookie(
            String name,
            String value,
            String path,
            String domain,
            Duration maxAge,
            boolean secure,
            boolean httpOnly,
            String sameSite) {
        this.name = name;
        this.value = value;
        this.path = path;
        this.domain = domain;
        this.maxAge = maxAge;
        this.secure = secure;
        this.httpOnly = httpOnly;
        this.sameSite = sameSite;
    }

    /**
     * Returns a session cookie.
     *
     * @param name a token (no separators, spaces or controls)
     * @param value cookie-octets (no spaces, quotes, commas, semicolons or backslashes)
     * @return the cookie
     */
    public static Cookie of(String name, String value) {
        if (name.isEmpty() || !isToken(name)) {
            throw new IllegalArgumentException("invalid cookie name '" + name + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("invalid character in value of cookie '" + name + "'");
            }
        }
        return new Cookie(name, value, null, null, null, false, false, null);
    }

    /** Returns a copy with {@code Path}. */
    public Cookie path(String path) {
        return new Cookie(name, value, checked(path), domain, maxAge, secure, httpOnly, sameSite);
    }

    /** Returns a copy with {@code Domain}. */
    public Cookie domain(String domain) {
        return new Cookie(name, value, path, checked(domain), maxAge, secure, httpOnly, sameSite);
    }

    /** Returns a copy with {@code Max-Age} (zero deletes the cookie). */
    public Cookie maxAge(Duration maxAge) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    /** Returns a copy with {@code Secure}. */
    public Cookie secure() {
        return new Cookie(name, value, path, domain, maxAge, true, httpOnly, sameSite);
    }

    /** Returns a copy with {@code HttpOnly}. */
    public Cookie httpOnly() {
        return new Cookie(name, value, path, domain, maxAge, secure, true, sameSite);
    }

    /** Returns a copy with {@code SameSite} ({@code Strict}, {@code Lax} or {@code None}). */
    public Cookie sameSite(String sameSite) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, checked(sameSite));
    }

    /** Returns the name. */
    public String name() {
        return name;
    }

    /** Returns the value. */
    public String value() {
        return value;
    }

    /** Returns the {@code Set-Cookie} header value. */
    public String toSetCookie() {
        StringBuilder out = new StringBuilder(name.length() + value.length() + 32);
        out.append(name).append('=').append(value);
        if (path != null) {
            out.append("; Path=").append(path);
        }
        if (domain != null) {
            out.append("; Domain=").append(domain);
        }
        if (maxAge != null) {
            out.append("; Max-Age=").append(Math.max(0, maxAge.toSeconds()));
        }
        if (secure) {
            out.append("; Secure");
        }
        if (httpOnly) {
            out.append("; HttpOnly");
        }
        if (sameSite != null) {
            out.append("; SameSite=").append(sameSite);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toSetCookie();
    }

    private static String checked(String attribute) {
        for (int i = 0; i < attribute.length(); i++) {
            char c = attribute.charAt(i);
            if (c < 0x20 || c == ';' || c == 0x7f) {
                throw new IllegalArgumentException("invalid character in cookie attribute '" + attribute + "'");
            }
        }
        return attribute;
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
