package io.govclear.channel.alipay;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test-only stand-in for Alipay's gateway: answers what a test scripted and keeps the last request it got. */
@PermitAll
@Path("/test/alipay-fake-gateway")
@Singleton
public class FakeAlipayGateway {

    private volatile int status = 200;
    private volatile String body = "";
    private volatile Map<String, String> lastRequest = Map.of();

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(byte[] request) {
        lastRequest = FormCodec.decode(new String(request, StandardCharsets.UTF_8));
        return Response.status(status)
                .type("application/json;charset=utf-8")
                .entity(body)
                .build();
    }

    public void script(int answerStatus, String answerBody) {
        this.status = answerStatus;
        this.body = answerBody;
    }

    public Map<String, String> lastRequest() {
        return lastRequest;
    }

    public static String url(int port) {
        return "http://localhost:" + port + "/test/alipay-fake-gateway";
    }
}
