package io.govclear.security;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The body of a request whose signature covers its exact bytes. A signature mechanism reads it before the endpoint
 * runs (it must, to verify), so signed endpoints take no body parameter: they read these bytes from the caller's
 * identity ({@link Callers}). Quarkus's own {@code quarkus.http.limits.max-body-size} still bounds it.
 */
final class SignedBodies {

    private static final String KEY = SignedBodies.class.getName();

    private SignedBodies() {
    }

    static Uni<byte[]> read(RoutingContext context) {
        byte[] read = context.get(KEY);
        if (read != null) {
            return Uni.createFrom().item(read);
        }
        HttpServerRequest request = context.request();
        Future<Buffer> body = request.body();
        request.resume();
        return Uni.createFrom().completionStage(body.toCompletionStage()).map(buffer -> {
            byte[] bytes = buffer == null ? new byte[0] : buffer.getBytes();
            context.put(KEY, bytes);
            return bytes;
        });
    }
}
