package io.govclear.channel;

/** The payment channels. Bank counters come in through the bank API; the others through checkout. */
public enum Channel {
    ALIPAY("alipay"), WECHAT_PAY("wechat-pay"), UNIONPAY("unionpay"), BANK_ICBC("icbc"), BANK_ABC("abc");

    private final String slug;

    Channel(String slug) {
        this.slug = slug;
    }

    /** The channel's name in paths: /callbacks/{slug} (and the simulators' /sim/{slug}). */
    public String slug() {
        return slug;
    }
}
