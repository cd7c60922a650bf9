package io.govclear.channel;

import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.file.AsyncFile;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Streams a statement download from the HTTP response straight into a temporary file, chunk by chunk with back
 * pressure, so a statement of any size is never held in memory (a day's file can be hundreds of megabytes). Used by
 * the adapters' {@link PaymentChannel#fetchStatement} overrides; the caller owns (and deletes) the file.
 */
@Singleton
public class StatementDownload {

    private static final int HASH_BUFFER = 64 * 1024;

    private final Vertx vertx;
    private final HttpClient http;

    public StatementDownload(Vertx vertx) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(4));
    }

    @PreDestroy
    void shutdown() {
        http.closeAndAwait();
    }

    /**
     * GETs {@code url} into a new temporary file. Fails, leaving no file behind, when the answer is not 200, the
     * connection is not made within {@code connectTimeout}, or no data arrives for {@code idleTimeout}.
     */
    public Uni<Path> toTempFile(String url, Map<String, String> headers, Duration connectTimeout,
            Duration idleTimeout) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setConnectTimeout(connectTimeout.toMillis()).setIdleTimeout(idleTimeout.toMillis());
        headers.forEach(request::putHeader);
        return vertx.fileSystem().createTempFile("govclear-statement-", ".bin")
                .chain(name -> vertx.fileSystem().open(name, new OpenOptions().setWrite(true).setTruncateExisting(true))
                        .chain(file -> http.request(request)
                                .chain(req -> req.send())
                                .chain(response -> pipe(url, response, file))
                                .onFailure().call(() -> file.close().onFailure().recoverWithNull()))
                        .replaceWith(Path.of(name))
                        .onFailure().call(() -> vertx.fileSystem().delete(name).onFailure().recoverWithNull()));
    }

    private static Uni<Void> pipe(String url, HttpClientResponse response, AsyncFile file) {
        if (response.statusCode() != 200) {
            return response.body().chain(body -> Uni.createFrom().failure(new IllegalStateException(
                    "statement download " + url + " answered HTTP " + response.statusCode() + ": "
                            + body.toString().substring(0, Math.min(body.toString().length(), 200)))));
        }
        // pipeTo ends (closes) the file once the body is complete, and fails if the response breaks off
        return response.pipeTo(file);
    }

    /** The SHA-1 of a file as lower-case hex, read in small chunks. Blocking: call it on a worker thread. */
    public static String sha1Hex(Path file) throws IOException {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[HASH_BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha1.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    /** Removes a temporary file, quietly: used when a download is not to be trusted after all. */
    public static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file: the system cleans it up eventually
        }
    }
}
