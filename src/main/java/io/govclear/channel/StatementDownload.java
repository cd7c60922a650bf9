package io.govclear.channel;

import io.govclear.channel.http.ChannelClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Streams a statement download from the HTTP response straight into a temporary file, chunk by chunk with back
 * pressure, so a statement of any size is never held in memory (a day's file can be hundreds of megabytes). Used by
 * the adapters' {@link PaymentChannel#fetchStatement} overrides, over their own {@link ChannelClient}; the caller
 * owns (and deletes) the file.
 */
@Singleton
public class StatementDownload {

    private static final int HASH_BUFFER = 64 * 1024;

    @Inject Vertx vertx;

    /**
     * GETs {@code url} through {@code http} into a new temporary file. Fails, leaving no file behind, when the answer
     * is not 200, the connection is not made within the client's connect timeout, or no data arrives for its read
     * timeout (an {@link io.govclear.channel.http.HttpFailure} then).
     */
    public Uni<Path> toTempFile(ChannelClient http, String url, Map<String, String> headers) {
        return vertx.fileSystem().createTempFile("govclear-statement-", ".bin")
                .chain(name -> vertx.fileSystem().open(name, new OpenOptions().setWrite(true).setTruncateExisting(true))
                        .chain(file -> http.download("statement-download", url, headers, file)
                                .onFailure().call(() -> file.close().onFailure().recoverWithNull()))
                        .replaceWith(Path.of(name))
                        .onFailure().call(() -> vertx.fileSystem().delete(name).onFailure().recoverWithNull()));
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
