package io.govclear.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The HTTP layer's own limits answer problems too, where Quarkus lets the engine answer. */
@QuarkusTest
class HttpLimitsTest {

    @Test
    void aBodyDeclaredTooLargeIsAProblemBeforeAByteIsRead() {
        Db.assertNothingChangedBy(() -> {
            String answer = raw("POST /api/v1/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 999999999\r\n\r\n{\"unitOrderNo\":");
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json")
                    .contains("\"code\":\"PAYLOAD_TOO_LARGE\"").contains("at most 4194304 bytes");
        });
    }

    @Test
    void anOverlongRequestTargetIsA414Problem() {
        Db.assertNothingChangedBy(() -> given().urlEncodingEnabled(false).contentType("application/json").body("{}")
                .post("/api/v1/orders/" + "1".repeat(5000) + "/cancel").then().statusCode(414)
                .contentType("application/problem+json").body("code", equalTo("URI_TOO_LONG"))
                .body("detail", equalTo("The request target may be at most 4096 characters")));
    }

    @Test
    void overlargeHeadersAreA431Problem() {
        Db.assertNothingChangedBy(() -> given().header("X-Padding", "a".repeat(21_000)).contentType("application/json")
                .body("{}").post("/api/v1/orders").then().statusCode(431)
                .contentType("application/problem+json").body("code", equalTo("HEADERS_TOO_LARGE")));
    }

    @Test
    void requestsPastTheDecodersOwnLimitsAreStillRefused() {
        // past Netty's limits (64 KiB) the decoder answers before any handler: no body, but refused all the same
        String answer = raw("GET /api/v1/orders/" + "1".repeat(70_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(answer).matches("(?s)HTTP/1.[01] 414 .*");
    }

    /** Sends {@code request} as written and reads the answer until the server closes the connection. */
    private static String raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0;) {
                answer.write(buffer, 0, n);
            }
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
