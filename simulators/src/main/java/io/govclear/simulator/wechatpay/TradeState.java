package io.govclear.simulator.wechatpay;

/** The trade_state values the simulator's trades go through (WeChat also knows USERPAYING, REVOKED, ACCEPT). */
public enum TradeState {
    NOTPAY("未支付"), SUCCESS("支付成功"), REFUND("转入退款"), CLOSED("已关闭"), PAYERROR("支付失败");

    private final String description;

    TradeState(String description) {
        this.description = description;
    }

    /** trade_state_desc. */
    public String description() {
        return description;
    }
}
