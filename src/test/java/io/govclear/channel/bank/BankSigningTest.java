package io.govclear.channel.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.common.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The banks' signatures (SM3withSM2 for ICBC, SHA256withRSA for ABC) and the signed-message format. */
class BankSigningTest {

    private static final byte[] BODY = "{\"paymentCode\":\"33010026000000000018\"}".getBytes(StandardCharsets.UTF_8);
    private static final String NONCE = "n0nce-0123456789abcdef";
    private static final long NOW = 1_795_000_000L;

    private static KeyPair keys(Bank bank) throws Exception {
        if (bank.scheme() == SignatureScheme.SM3_WITH_SM2) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
            generator.initialize(new ECGenParameterSpec("sm2p256v1"));
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** Keys as configured: Base64 DER, parsed back by the scheme. */
    private static KeyPair configured(Bank bank) throws Exception {
        KeyPair generated = keys(bank);
        return new KeyPair(
                bank.scheme().publicKey(Base64.getEncoder().encodeToString(generated.getPublic().getEncoded())),
                bank.scheme().privateKey(Base64.getEncoder().encodeToString(generated.getPrivate().getEncoded())));
    }

    private static Map<String, String> headers(Bank bank, KeyPair keys, String path, long timestamp, byte[] body) {
        return Map.of(BankSigning.CODE, bank.code(), BankSigning.TIMESTAMP, Long.toString(timestamp),
                BankSigning.NONCE, NONCE, BankSigning.SIGNATURE,
                bank.scheme().sign(BankSigning.request(bank.code(), "POST", path, timestamp, NONCE, body),
                        keys.getPrivate()));
    }

    private static String codeOf(Runnable call) {
        try {
            call.run();
            return null;
        } catch (ProblemException e) {
            return e.code().name();
        }
    }

    @ParameterizedTest
    @EnumSource(Bank.class)
    void aSignedRequestVerifiesAndAnyChangeBreaksIt(Bank bank) throws Exception {
        KeyPair keys = configured(bank);
        String path = "/bank/v1/" + bank.code() + "/confirm";
        Map<String, String> headers = headers(bank, keys, path, NOW, BODY);
        BankSigning.verifyRequest(bank, keys.getPublic(), "POST", path, BODY, headers, NOW + 10, 300);

        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace('8', '9').getBytes(StandardCharsets.UTF_8);
        assertThat(codeOf(() -> BankSigning.verifyRequest(bank, keys.getPublic(), "POST", path, tampered, headers,
                NOW, 300))).isEqualTo("INVALID_SIGNATURE");
        assertThat(codeOf(() -> BankSigning.verifyRequest(bank, keys.getPublic(), "POST",
                "/bank/v1/" + bank.code() + "/reverse", BODY, headers, NOW, 300))).isEqualTo("INVALID_SIGNATURE");
        KeyPair another = configured(bank);
        assertThat(codeOf(() -> BankSigning.verifyRequest(bank, another.getPublic(), "POST", path, BODY,
                headers, NOW, 300))).as("another key").isEqualTo("INVALID_SIGNATURE");
        assertThat(codeOf(() -> BankSigning.verifyRequest(bank, keys.getPublic(), "POST", path, BODY, headers,
                NOW + 301, 300))).isEqualTo("STALE_TIMESTAMP");
        Bank other = bank == Bank.ICBC ? Bank.ABC : Bank.ICBC;
        assertThat(codeOf(() -> BankSigning.verifyRequest(other, keys.getPublic(), "POST", path, BODY, headers,
                NOW, 300))).as("the header names another bank").isEqualTo("INVALID_SIGNATURE");
    }

    @ParameterizedTest
    @EnumSource(Bank.class)
    void anAnswerSignatureCoversTheEchoedNonceAndIsNotARequestSignature(Bank bank) throws Exception {
        KeyPair keys = configured(bank);
        String path = "/bank/v1/" + bank.code() + "/query";
        Map<String, String> answer = BankSigning.answerHeaders(bank, keys.getPrivate(), path, NONCE, NOW, BODY);
        assertThat(answer).containsEntry(BankSigning.NONCE, NONCE);
        assertThat(bank.scheme().verify(BankSigning.answer(bank.code(), path, NOW, NONCE, BODY),
                answer.get(BankSigning.SIGNATURE), keys.getPublic())).isTrue();
        assertThat(bank.scheme().verify(BankSigning.answer(bank.code(), path, NOW, "another-nonce-0123456", BODY),
                answer.get(BankSigning.SIGNATURE), keys.getPublic())).isFalse();
        assertThat(bank.scheme().verify(BankSigning.request(bank.code(), "POST", path, NOW, NONCE, BODY),
                answer.get(BankSigning.SIGNATURE), keys.getPublic()))
                .as("an answer's signature is no request's signature").isFalse();
    }

    @Test
    void sm3WithSm2IsTheStandardSignatureThatBouncyCastlesSm2SignerVerifies() throws Exception {
        KeyPair keys = configured(Bank.ICBC);
        String signature = SignatureScheme.SM3_WITH_SM2.sign(BODY, keys.getPrivate());
        X9ECParameters curve = GMNamedCurves.getByName("sm2p256v1");
        ECPublicKeyParameters publicKey = new ECPublicKeyParameters(((ECPublicKey) keys.getPublic()).getQ(),
                new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH()));
        SM2Signer verifier = new SM2Signer();
        verifier.init(false, publicKey);
        verifier.update(BODY, 0, BODY.length);
        assertThat(verifier.verifySignature(Base64.getDecoder().decode(signature))).isTrue();
    }

    @Test
    void schemesDoNotAcceptEachOthersKeysOrGarbage() throws Exception {
        KeyPair rsa = configured(Bank.ABC);
        KeyPair sm2 = configured(Bank.ICBC);
        String rsaSignature = SignatureScheme.SHA256_WITH_RSA.sign(BODY, rsa.getPrivate());
        assertThat(SignatureScheme.SM3_WITH_SM2.verify(BODY, rsaSignature, sm2.getPublic())).isFalse();
        assertThat(SignatureScheme.SHA256_WITH_RSA.verify(BODY, "not base64!", rsa.getPublic())).isFalse();
        assertThat(SignatureScheme.SHA256_WITH_RSA.verify(BODY, null, rsa.getPublic())).isFalse();
        assertThatThrownBy(() -> SignatureScheme.SM3_WITH_SM2.publicKey(
                Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded()))).isInstanceOf(
                IllegalArgumentException.class);
    }
}
