package io.govclear.channel.bank;

import io.govclear.common.Clocks;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The signed-message format between the engine and the banks (our design, README "Bank counters"). A request
 * carries X-Bank-Code, X-Bank-Timestamp (Unix seconds), X-Bank-Nonce and X-Bank-Signature over
 * {@code code\nMETHOD\nPATH\ntimestamp\nnonce\n} followed by the body's exact bytes. The answer carries
 * X-Bank-Timestamp, X-Bank-Nonce (the request's, echoed) and X-Bank-Signature over
 * {@code code\nANSWER\nPATH\ntimestamp\nnonce\n} and its body, so an answer cannot be replayed for another request.
 */
public final class BankSigning {

    public static final String CODE = "X-Bank-Code";
    public static final String TIMESTAMP = "X-Bank-Timestamp";
    public static final String NONCE = "X-Bank-Nonce";
    public static final String SIGNATURE = "X-Bank-Signature";

    public static final Pattern NONCE_FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private BankSigning() {
    }

    /** What a request's signature covers. */
    public static byte[] request(String bankCode, String method, String path, long timestamp, String nonce,
            byte[] body) {
        return content(bankCode + "\n" + method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n", body);
    }

    /** What an answer's signature covers. */
    public static byte[] answer(String bankCode, String path, long timestamp, String nonce, byte[] body) {
        return content(bankCode + "\nANSWER\n" + path + "\n" + timestamp + "\n" + nonce + "\n", body);
    }

    /**
     * Checks a request's headers and signature as {@code bank} with its public key; 401 INVALID_SIGNATURE (missing
     * headers, another bank's code, wrong signature), STALE_TIMESTAMP or INVALID_NONCE. Replays are the caller's to
     * catch (the nonce is returned by the caller's store).
     */
    public static void verifyRequest(Bank bank, PublicKey key, String method, String path, byte[] body,
            Map<String, String> headers, long nowSeconds, long windowSeconds) {
        String code = headers.get(CODE);
        String timestamp = headers.get(TIMESTAMP);
        String nonce = headers.get(NONCE);
        String signature = headers.get(SIGNATURE);
        if (code == null || timestamp == null || nonce == null || signature == null) {
            throw new ProblemException(ProblemCode.INVALID_SIGNATURE,
                    "Bank requests need " + CODE + ", " + TIMESTAMP + ", " + NONCE + " and " + SIGNATURE);
        }
        if (!bank.code().equals(code)) {
            throw new ProblemException(ProblemCode.INVALID_SIGNATURE, CODE + " does not name the bank of this path");
        }
        long ts = Clocks.unixSeconds(timestamp);
        if (ts < 0) {
            throw new ProblemException(ProblemCode.INVALID_SIGNATURE, TIMESTAMP + " must be Unix seconds");
        }
        if (Math.abs(nowSeconds - ts) > windowSeconds) {
            throw new ProblemException(ProblemCode.STALE_TIMESTAMP,
                    TIMESTAMP + " is more than " + windowSeconds + " s from the server clock");
        }
        if (!NONCE_FORMAT.matcher(nonce).matches()) {
            throw new ProblemException(ProblemCode.INVALID_NONCE, NONCE + " must be 16-64 letters, digits, '-' or '_'");
        }
        if (!bank.scheme().verify(request(code, method, path, ts, nonce, body), signature, key)) {
            throw new ProblemException(ProblemCode.INVALID_SIGNATURE,
                    "The request signature does not verify (" + bank.scheme().algorithm() + ")");
        }
    }

    /** The four signing headers present on a request, looked up by name. */
    public static Map<String, String> headersOf(UnaryOperator<String> header) {
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of(CODE, TIMESTAMP, NONCE, SIGNATURE)) {
            String value = header.apply(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    /** The headers of a signed answer to the request that carried {@code nonce}. */
    public static Map<String, String> answerHeaders(Bank bank, PrivateKey key, String path, String nonce,
            long nowSeconds, byte[] body) {
        return Map.of(TIMESTAMP, Long.toString(nowSeconds), NONCE, nonce,
                SIGNATURE, bank.scheme().sign(answer(bank.code(), path, nowSeconds, nonce, body), key));
    }

    private static byte[] content(String head, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + (body == null ? 0 : body.length));
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }
}
