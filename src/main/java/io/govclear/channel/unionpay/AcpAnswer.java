package io.govclear.channel.unionpay;

import java.util.Map;

/** One answer of UnionPay's back-transaction gateway: its fields once verified, or why it is not trusted. */
record AcpAnswer(Map<String, String> fields, String problem) {

    /** A field's value; null when absent or empty. */
    String get(String field) {
        String value = fields == null ? null : fields.get(field);
        return value == null || value.isEmpty() ? null : value;
    }

    String describe() {
        return problem != null ? problem : "respCode " + get("respCode") + " " + get("respMsg");
    }
}
