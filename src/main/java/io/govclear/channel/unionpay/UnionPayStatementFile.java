package io.govclear.channel.unionpay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The merchant statement in a file-transaction answer (txnType 76): fileContent is a zip, deflated, in Base64; the
 * statement is its transaction file (INN…ZM_…, fixed-width). A day with no file is respCode 98.
 */
final class UnionPayStatementFile {

    private static final String FILE_NOT_FOUND = "98";

    private UnionPayStatementFile() {
    }

    /** The transaction file's raw bytes, empty for a day without a file; IllegalStateException when unavailable. */
    static byte[] extract(AcpAnswer answer, LocalDate businessDate) {
        if (answer.problem() == null && FILE_NOT_FOUND.equals(answer.get("respCode"))) {
            return new byte[0];
        }
        if (answer.problem() != null || !"00".equals(answer.get("respCode")) || answer.get("fileContent") == null) {
            throw new IllegalStateException("UnionPay statement for " + businessDate + " unavailable: "
                    + (answer.problem() != null ? answer.problem() : answer.describe()));
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(
                inflate(Base64.getMimeDecoder().decode(answer.get("fileContent")))))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().startsWith("INN") && entry.getName().contains("ZM_")) {
                    return zip.readAllBytes();
                }
            }
        } catch (IOException | DataFormatException | IllegalArgumentException e) {
            throw new IllegalStateException("UnionPay statement for " + businessDate + " is not a readable file", e);
        }
        throw new IllegalStateException("UnionPay statement for " + businessDate + " holds no INN…ZM_ file");
    }

    private static byte[] inflate(byte[] deflated) throws DataFormatException {
        Inflater inflater = new Inflater();
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 4);
        byte[] buffer = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new DataFormatException("truncated deflate stream");
            }
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
