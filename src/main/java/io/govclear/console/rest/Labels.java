package io.govclear.console.rest;

import java.util.Map;

/** The console's words for the engine's codes (zh-CN); the codes stay beside them, as the API and exports use them. */
final class Labels {

    static final Map<String, String> STATUS = Map.of("UNPAID", "未缴", "PAID", "已缴", "PARTIALLY_REFUNDED", "部分退款",
            "REFUNDED", "已退款", "CANCELLED", "已撤销", "EXPIRED", "已过期");

    static final Map<String, String> CHANNEL = Map.of("ALIPAY", "支付宝", "WECHAT_PAY", "微信支付", "UNIONPAY", "银联",
            "BANK_ICBC", "工商银行柜台", "BANK_ABC", "农业银行柜台");

    static final Map<String, String> CATEGORY = Map.of("FINE", "罚没收入", "TUITION", "学费", "EXAM_FEE", "考试考务费",
            "SOCIAL_SECURITY", "社会保险费", "ADMIN_FEE", "行政事业性收费");

    static final Map<String, String> SORT = Map.of("NEWEST", "开单时间（新→旧）", "OLDEST", "开单时间（旧→新）",
            "LARGEST", "金额（高→低）", "SMALLEST", "金额（低→高）");

    static final Map<String, String> WEBHOOK = Map.of("PENDING", "待发送", "DELIVERED", "已送达", "FAILED", "已放弃",
            "STALE", "已过时");

    static final Map<String, String> ALERT = Map.of("CHANNEL_FAILURE_RATE", "渠道失败率过高",
            "NOTIFY_DELAY", "到账通知延迟", "DUPLICATE_PAYMENTS", "重复缴款激增", "UNIT_VOLUME", "单位交易量异常",
            "SIGN_IN_FAILURES", "登录失败过多", "MISSING_CREDIT", "渠道资金未到账");

    /** Every map above, for a template: {labels.status.get(code)}. */
    static final Map<String, Map<String, String>> ALL = Map.of("status", STATUS, "channel", CHANNEL,
            "category", CATEGORY, "sort", SORT, "webhook", WEBHOOK, "alert", ALERT);

    private Labels() {
    }
}
