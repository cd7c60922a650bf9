package io.govclear.channel.alipay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.PublicKey;

/**
 * One answer of the Alipay gateway: the response node once its signature has verified, or why it cannot be trusted.
 * The body is {@code {"<method_with_underscores>_response": {...}, "sign": "..."}} ({@code error_response} for a
 * request Alipay could not route); the signature covers the node's exact text, which is cut out of the body as the
 * official SDK does, never re-serialized.
 */
record GatewayAnswer(JsonNode node, String problem) {

    private static final String SUCCESS = "10000";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static GatewayAnswer untrusted(String problem) {
        return new GatewayAnswer(null, problem);
    }

    static GatewayAnswer read(String method, String body, PublicKey alipayKey) {
        String nodeName = method.replace('.', '_') + "_response";
        String nodeText = null;
        String sign = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return untrusted("answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT && (name.equals(nodeName) || name.equals("error_response"))) {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    nodeText = body.substring(start, (int) parser.currentLocation().getCharOffset());
                } else if (name.equals("sign") && value == JsonToken.VALUE_STRING) {
                    sign = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (nodeText == null) {
                return untrusted("answer has no " + nodeName);
            }
            if (sign == null) {
                return untrusted("answer is not signed");
            }
            if (!Rsa2.verify(nodeText, sign, alipayKey)) {
                return untrusted("answer signature does not verify");
            }
            return new GatewayAnswer(JSON.readTree(nodeText), null);
        } catch (IOException e) {
            return untrusted("answer is not readable JSON");
        }
    }

    boolean trusted() {
        return problem == null;
    }

    boolean succeeded() {
        return trusted() && SUCCESS.equals(text("code"));
    }

    /**
     * A definite refusal: a 400xx answer (missing or invalid argument, business failure, no permission), but not
     * ACQ.SYSTEM_ERROR, Alipay's "busy, ask again" that comes with 40004. 20000 and the like are not refusals.
     */
    boolean refused() {
        return trusted() && text("code") != null && text("code").startsWith("400")
                && !"ACQ.SYSTEM_ERROR".equals(subCode());
    }

    /** The sub_code of a trusted answer, else null. */
    String subCode() {
        return trusted() ? text("sub_code") : null;
    }

    /** A field's text; null when absent or empty, as Alipay leaves out what it does not know. */
    String text(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isEmpty() ? null
                : value.asText();
    }

    /** For logs and result details: the problem, or code, sub_code and sub_msg. */
    String describe() {
        if (!trusted()) {
            return problem;
        }
        String sub = subCode() == null ? "" : " " + subCode() + ": " + text("sub_msg");
        return text("code") + " " + text("msg") + sub;
    }
}
