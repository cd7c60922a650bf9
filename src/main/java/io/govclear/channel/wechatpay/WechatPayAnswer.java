package io.govclear.channel.wechatpay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One answer from WeChat Pay: its status and JSON body once its platform signature held, or why it is not trusted
 * (status 0 when there was no answer at all).
 */
record WechatPayAnswer(int status, JsonNode body, String untrusted) {

    /** WeChat's error code ({"code": …}), or "". */
    String code() {
        return body == null ? "" : body.path("code").asText("");
    }

    /** A text field of the body, or null. */
    String text(String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    String describe() {
        return "HTTP " + status + (body == null ? "" : " " + code() + ": " + body.path("message").asText(""));
    }
}
