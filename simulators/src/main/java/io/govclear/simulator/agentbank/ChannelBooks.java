package io.govclear.simulator.agentbank;

import io.govclear.simulator.SettlementTotals;
import io.govclear.simulator.alipay.AlipaySimulator;
import io.govclear.simulator.bank.BankSimulator;
import io.govclear.simulator.unionpay.UnionPaySimulator;
import io.govclear.simulator.wechatpay.WechatPaySimulator;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.Set;

/**
 * The channels' own books as the agent bank sees them: what each channel's statement file of a business date adds up
 * to, asked of that channel's simulator (which computes it from the very lines it writes into the file), and the days
 * it has anything on.
 */
@Singleton
class ChannelBooks implements Settlements.Books {

    private final AlipaySimulator alipay;
    private final WechatPaySimulator wechatPay;
    private final UnionPaySimulator unionPay;
    private final BankSimulator banks;

    ChannelBooks(AlipaySimulator alipay, WechatPaySimulator wechatPay, UnionPaySimulator unionPay,
            BankSimulator banks) {
        this.alipay = alipay;
        this.wechatPay = wechatPay;
        this.unionPay = unionPay;
        this.banks = banks;
    }

    @Override
    public SettlementTotals totals(SettlingChannel channel, LocalDate businessDate) {
        return switch (channel) {
            case ALIPAY -> alipay.settlementTotals(businessDate);
            case WECHAT_PAY -> wechatPay.settlementTotals(businessDate);
            case UNIONPAY -> unionPay.settlementTotals(businessDate);
            case BANK_ICBC -> banks.settlementTotals("icbc", businessDate);
            case BANK_ABC -> banks.settlementTotals("abc", businessDate);
        };
    }

    /** The business dates the channel's files may list anything on (others settle nothing). */
    @Override
    public Set<LocalDate> activeDates(SettlingChannel channel) {
        return switch (channel) {
            case ALIPAY -> alipay.activeDates();
            case WECHAT_PAY -> wechatPay.activeDates();
            case UNIONPAY -> unionPay.activeDates();
            case BANK_ICBC -> banks.activeDates("icbc");
            case BANK_ABC -> banks.activeDates("abc");
        };
    }
}
