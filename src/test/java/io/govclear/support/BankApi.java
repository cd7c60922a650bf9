package io.govclear.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.bank.Bank;
import io.govclear.channel.bank.BankSigning;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** A bank calling the counter API directly, signing as the bank would (with the simulator's bank key). */
public final class BankApi {

    private final Bank bank;
    private final PrivateKey bankKey;
    private final PublicKey engineKey;

    private BankApi(Bank bank) {
        this.bank = bank;
        String prefix = "channel-side.banks." + bank.code() + ".";
        this.bankKey = bank.scheme().privateKey(
                ConfigProvider.getConfig().getValue(prefix + "bank-private-key", String.class));
        this.engineKey = bank.scheme().publicKey(
                ConfigProvider.getConfig().getValue(prefix + "engine-public-key", String.class));
    }

    public static BankApi as(Bank bank) {
        return new BankApi(bank);
    }

    /** A fresh bank serial number (the bank's own number of a counter payment). */
    public static String serialNo() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** What the bill is and owes (signed query; the answer's signature is checked). */
    public Response query(String paymentCode) {
        return post("query", "{\"paymentCode\":\"" + paymentCode + "\"}");
    }

    /** The teller took {@code amountFen} for the bill: the signed confirm (after a query the same day). */
    public Response confirm(String paymentCode, long amountFen, String bankSerialNo) {
        return post("confirm", "{\"paymentCode\":\"" + paymentCode + "\",\"amountFen\":" + amountFen
                + ",\"bankSerialNo\":\"" + bankSerialNo + "\",\"paidAt\":\"2026-11-23T10:15:30+08:00\"}");
    }

    /** The same day's reversal (冲销) of a confirmed payment. */
    public Response reverse(String paymentCode, String bankSerialNo) {
        return post("reverse", "{\"paymentCode\":\"" + paymentCode + "\",\"bankSerialNo\":\"" + bankSerialNo + "\"}");
    }

    /** A signed POST whose 200 answer must carry the engine's valid signature over the exact body. */
    public Response post(String operation, String body) {
        String nonce = UnitApi.nonce();
        Response response = send(operation, body, UnitApi.now(), nonce, null);
        if (response.statusCode() == 200) {
            assertSignedAnswer(operation, nonce, response);
        }
        return response;
    }

    /** A POST with explicit timestamp and nonce; {@code signatureOverride} replaces the signature when not null. */
    public Response send(String operation, String body, long timestamp, String nonce, String signatureOverride) {
        String path = "/bank/v1/" + bank.code() + "/" + operation;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = signatureOverride != null ? signatureOverride : sign(operation, body, timestamp, nonce);
        return given().contentType("application/json").body(bytes)
                .header(BankSigning.CODE, bank.code())
                .header(BankSigning.TIMESTAMP, Long.toString(timestamp))
                .header(BankSigning.NONCE, nonce)
                .header(BankSigning.SIGNATURE, signature)
                .post(path);
    }

    /** A POST of exactly these bytes (hostile ones too), signed as the bank would, with this Content-Type. */
    public Response sendBytes(String operation, byte[] body, String contentType) {
        String path = "/bank/v1/" + bank.code() + "/" + operation;
        long timestamp = UnitApi.now();
        String nonce = UnitApi.nonce();
        String signature = bank.scheme().sign(BankSigning.request(bank.code(), "POST", path, timestamp, nonce, body),
                bankKey);
        var spec = given().config(io.restassured.config.RestAssuredConfig.config().encoderConfig(
                        io.restassured.config.EncoderConfig.encoderConfig()
                                .encodeContentTypeAs("application/x-www-form-urlencoded",
                                        io.restassured.http.ContentType.BINARY)
                                .encodeContentTypeAs("multipart/form-data", io.restassured.http.ContentType.BINARY)
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .body(body)
                .header(BankSigning.CODE, bank.code())
                .header(BankSigning.TIMESTAMP, Long.toString(timestamp))
                .header(BankSigning.NONCE, nonce)
                .header(BankSigning.SIGNATURE, signature);
        return (contentType == null ? spec : spec.contentType(contentType)).post(path);
    }

    /** The bank's signature of a POST to the counter API. */
    public String sign(String operation, String body, long timestamp, String nonce) {
        return bank.scheme().sign(BankSigning.request(bank.code(), "POST", "/bank/v1/" + bank.code() + "/" + operation,
                timestamp, nonce, body.getBytes(StandardCharsets.UTF_8)), bankKey);
    }

    private void assertSignedAnswer(String operation, String nonce, Response response) {
        String path = "/bank/v1/" + bank.code() + "/" + operation;
        assertThat(response.header(BankSigning.NONCE)).isEqualTo(nonce);
        long timestamp = Long.parseLong(response.header(BankSigning.TIMESTAMP));
        byte[] answer = response.asByteArray();
        assertThat(bank.scheme().verify(BankSigning.answer(bank.code(), path, timestamp, nonce, answer),
                response.header(BankSigning.SIGNATURE), engineKey))
                .as("the engine's answer is signed with its %s key", bank.scheme().algorithm()).isTrue();
    }
}
