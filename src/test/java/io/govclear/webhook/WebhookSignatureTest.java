package io.govclear.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** During a rotation's overlap a webhook carries one signature per live key, and either secret checks it. */
class WebhookSignatureTest {

    private static final byte[] NEW = "new-webhook-secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLD = "old-webhook-secret".getBytes(StandardCharsets.UTF_8);

    @Test
    void eitherLiveKeyVerifiesAWebhookSignedDuringTheOverlapAndNoOtherDoes() {
        String body = "{\"type\":\"order.paid\"}";
        String header = WebhookSignature.header(List.of(NEW, OLD), 1_800_000_000L, body);
        assertThat(header).startsWith("t=1800000000,v1=");
        assertThat(header.split(",v1=")).as("one signature per live key").hasSize(3);
        assertThat(WebhookSignature.verify(NEW, header, body, 1_800_000_010L, 300)).isTrue();
        assertThat(WebhookSignature.verify(OLD, header, body, 1_800_000_010L, 300)).isTrue();
        assertThat(WebhookSignature.verify("other".getBytes(StandardCharsets.UTF_8), header, body, 1_800_000_010L,
                300)).isFalse();
        assertThat(WebhookSignature.verify(OLD, header, body + " ", 1_800_000_010L, 300)).isFalse();
        // after the overlap only the new key signs
        String later = WebhookSignature.header(List.of(NEW), 1_800_000_000L, body);
        assertThat(WebhookSignature.verify(OLD, later, body, 1_800_000_010L, 300)).isFalse();
    }
}
