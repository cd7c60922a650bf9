package io.govclear.channel;

import java.util.Arrays;
import java.util.List;

/**
 * The payment channels. Bank counters come in through the bank API; the others through checkout. TRANSFER is money a
 * payer sent straight to the collection account, claimed to its bill by finance (funds/): no adapter, no checkout,
 * no statement of its own (the bank statement it arrived on is its reconciliation), and never offered by a unit.
 */
public enum Channel {
    ALIPAY("alipay"), WECHAT_PAY("wechat-pay"), UNIONPAY("unionpay"), BANK_ICBC("icbc"), BANK_ABC("abc"),
    TRANSFER("transfer");

    /** The channels a unit may offer its payers. */
    public static final List<Channel> OFFERED = Arrays.stream(values()).filter(Channel::offered).toList();

    private final String slug;

    Channel(String slug) {
        this.slug = slug;
    }

    /** The channel's name in paths: /callbacks/{slug} (and the simulators' /sim/{slug}). */
    public String slug() {
        return slug;
    }

    /** Whether a unit may offer it (all but TRANSFER). */
    public boolean offered() {
        return this != TRANSFER;
    }
}
