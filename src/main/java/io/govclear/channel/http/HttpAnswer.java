package io.govclear.channel.http;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;
import java.util.Locale;

/**
 * One HTTP answer, whatever its status: the status, the headers (names case-insensitive, first value of each), the
 * body's exact bytes, and the peer (host:port) that sent it.
 */
public record HttpAnswer(int status, Map<String, String> headers, byte[] body, String peer) {

    /** 2xx. */
    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The body as text, in the charset its Content-Type names, UTF-8 when it names none (or one we lack). */
    public String text() {
        return new String(body, charset(header("Content-Type")));
    }

    /** This answer when it is 2xx; otherwise fails with a {@link HttpFailure.Kind#BAD_STATUS} HttpFailure. */
    public HttpAnswer requireSuccess() {
        if (!successful()) {
            throw HttpFailure.badStatus(peer, status, text());
        }
        return this;
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            for (String parameter : contentType.split(";")) {
                String p = parameter.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    String name = p.substring("charset=".length()).replace("\"", "").trim();
                    try {
                        return Charset.forName(name);
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
