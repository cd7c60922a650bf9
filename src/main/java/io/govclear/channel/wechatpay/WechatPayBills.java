package io.govclear.channel.wechatpay;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.StatementFile;
import io.govclear.channel.StatementDownload;
import io.govclear.channel.http.HttpAnswer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;

/**
 * WeChat Pay's trade bill (bill_type ALL) of a business date: the signed tradebill call gives a download URL and a
 * SHA1, and the download (authenticated, but not signed: the SHA1 vouches for it) must hash to it. The bill is UTF-8
 * CSV, every field prefixed with a backtick; a day without one (NO_STATEMENT_EXIST: nothing was paid or refunded) is
 * an empty bill.
 */
final class WechatPayBills {

    private final WechatPayApi api;
    private final StatementDownload downloads;

    WechatPayBills(WechatPayApi api, StatementDownload downloads) {
        this.api = api;
        this.downloads = downloads;
    }

    /**
     * The bill's exact bytes, held in memory. Fails with {@link IllegalStateException} when the bill cannot be had or
     * trusted: try again later.
     */
    Uni<byte[]> download(LocalDate businessDate) {
        return tradeBill(businessDate)
                .chain(answer -> {
                    BillLink link = billLink(businessDate, answer);
                    if (link == null) {
                        return Uni.createFrom().item(new byte[0]);
                    }
                    return api.http().send("statement-download", HttpMethod.GET, link.url(),
                                    Map.of("Authorization", api.downloadAuthorization(link.url()), "Accept", "*/*"),
                                    null)
                            .map(response -> checkedBill(businessDate, response, link.sha1()));
                });
    }

    /**
     * The bill streamed from the response straight into a temporary file (never whole in memory), then hashed from
     * the file in chunks; UNKNOWN when it cannot be had or does not match its SHA1 (the file is then removed).
     */
    Uni<StatementFile> fetch(LocalDate businessDate) {
        return tradeBill(businessDate)
                .chain(answer -> streamBill(businessDate, answer))
                .onFailure().recoverWithItem(e -> StatementFile.unknown(String.valueOf(e.getMessage())));
    }

    private Uni<WechatPayAnswer> tradeBill(LocalDate businessDate) {
        return api.call("statement", HttpMethod.GET, "/v3/bill/tradebill?bill_date=" + businessDate
                + "&bill_type=ALL", "");
    }

    /** No bill for the day is an empty file. */
    private Uni<StatementFile> streamBill(LocalDate businessDate, WechatPayAnswer answer) {
        BillLink link = billLink(businessDate, answer);
        if (link == null) {
            return Uni.createFrom().item(() -> StatementFile.written(new byte[0]))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return downloads.toTempFile(api.http(), link.url(),
                        Map.of("Authorization", api.downloadAuthorization(link.url())))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(file -> checkedBill(businessDate, file, link.sha1()));
    }

    /** The tradebill answer's download link; null when WeChat Pay has no bill for the day (NO_STATEMENT_EXIST). */
    private static BillLink billLink(LocalDate businessDate, WechatPayAnswer answer) {
        if (answer.untrusted() == null && answer.status() == 400 && "NO_STATEMENT_EXIST".equals(answer.code())) {
            return null;
        }
        String url = answer.text("download_url");
        String hash = answer.text("hash_value");
        if (answer.untrusted() != null || answer.status() != 200 || url == null || hash == null
                || !"SHA1".equals(answer.text("hash_type"))) {
            throw new IllegalStateException("WeChat Pay trade bill for " + businessDate + " unavailable: "
                    + (answer.untrusted() != null ? answer.untrusted() : answer.describe()));
        }
        return new BillLink(url, hash);
    }

    private static byte[] checkedBill(LocalDate businessDate, HttpAnswer response, String expectedSha1) {
        if (response.status() != 200) {
            throw new IllegalStateException("WeChat Pay trade bill for " + businessDate + ": download answered HTTP "
                    + response.status());
        }
        if (!sha1Hex(response.body()).equalsIgnoreCase(expectedSha1)) {
            throw new IllegalStateException(sha1Mismatch(businessDate, expectedSha1));
        }
        return response.body();
    }

    /** Blocking (reads the file): the file when it hashes to the SHA1 announced, else it is removed. */
    private static StatementFile checkedBill(LocalDate businessDate, Path file, String expectedSha1) {
        String actual;
        try {
            actual = StatementDownload.sha1Hex(file);
        } catch (IOException e) {
            StatementDownload.discard(file);
            throw new IllegalStateException("WeChat Pay trade bill for " + businessDate + " unreadable: " + e, e);
        }
        if (!actual.equalsIgnoreCase(expectedSha1)) {
            StatementDownload.discard(file);
            throw new IllegalStateException(sha1Mismatch(businessDate, expectedSha1) + " (it hashes to " + actual
                    + ")");
        }
        return new StatementFile(AnswerKind.SUCCESS, file, "SHA1 " + actual);
    }

    private static String sha1Mismatch(LocalDate businessDate, String expectedSha1) {
        return "WeChat Pay trade bill for " + businessDate + ": the download does not match its SHA1 " + expectedSha1;
    }

    private static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the day's bill is and the SHA1 it must hash to. */
    private record BillLink(String url, String sha1) {
    }
}
