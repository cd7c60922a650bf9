package io.govclear.simulator.agentbank;

import io.govclear.simulator.agentbank.AgentBankConfig.Settles;
import java.util.Optional;

/**
 * The channels whose settlements arrive on the collection account: who pays (the counterparty the statement names),
 * from which account, and on what terms unless configured otherwise. The order is the statement's order.
 */
public enum SettlingChannel {
    ALIPAY("支付宝（中国）网络技术有限公司", "1001300719100023415", Settles.NET, 1),
    WECHAT_PAY("财付通支付科技有限公司", "4000023029200151126", Settles.NET, 1),
    UNIONPAY("中国银联股份有限公司", "1001190709006802218", Settles.GROSS, 1),
    BANK_ICBC("中国工商银行", "1202020129900000017", Settles.GROSS, 0),
    BANK_ABC("中国农业银行", "19005101040000018", Settles.GROSS, 0);

    private final String payerName;
    private final String payerAccount;
    private final Settles settles;
    private final int delayDays;

    SettlingChannel(String payerName, String payerAccount, Settles settles, int delayDays) {
        this.payerName = payerName;
        this.payerAccount = payerAccount;
        this.settles = settles;
        this.delayDays = delayDays;
    }

    public String payerName() {
        return payerName;
    }

    public String payerAccount() {
        return payerAccount;
    }

    /** The usual terms: Alipay and WeChat Pay net of fees, UnionPay and the bank counters gross. */
    public Settles defaultSettles() {
        return settles;
    }

    /** The usual delay: T+1 for the payment platforms, the same day for the bank counters. */
    public int defaultDelayDays() {
        return delayDays;
    }

    public static Optional<SettlingChannel> byName(String name) {
        for (SettlingChannel channel : values()) {
            if (channel.name().equals(name)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
