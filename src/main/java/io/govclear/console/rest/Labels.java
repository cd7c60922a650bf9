package io.govclear.console.rest;

import java.util.Map;

/** The console's words for the engine's codes (zh-CN); the codes stay beside them, as the API and exports use them. */
final class Labels {

    static final Map<String, String> STATUS = Map.of("UNPAID", "未缴", "PAID", "已缴", "PARTIALLY_REFUNDED", "部分退款",
            "REFUNDED", "已退款", "CANCELLED", "已撤销", "EXPIRED", "已过期");

    static final Map<String, String> CHANNEL = Map.of("ALIPAY", "支付宝", "WECHAT_PAY", "微信支付", "UNIONPAY", "银联",
            "BANK_ICBC", "工商银行柜台", "BANK_ABC", "农业银行柜台", "TRANSFER", "转账缴款");

    static final Map<String, String> DISCREPANCY = Map.of("CHANNEL_ONLY", "渠道有、平台无", "PLATFORM_ONLY", "平台有、渠道无",
            "AMOUNT_MISMATCH", "金额不符", "STATUS_MISMATCH", "状态不符", "DUPLICATE_PAYMENT", "重复缴款", "MATCHED", "一致");

    static final Map<String, String> DISCREPANCY_STATUS = Map.of("OPEN", "待处理", "PENDING_NEXT_DAY", "待次日核对",
            "AUTO_RESOLVED", "已自动处理", "SUSPENSE", "挂账待决", "RESOLVED", "已处理", "SUPERSEDED", "已被重跑取代");

    static final Map<String, String> ACTION = Map.of("TRUST_CHANNEL", "以渠道为准", "TRUST_PLATFORM", "以平台为准",
            "REFUND", "退还缴款人", "WRITE_OFF", "核销");

    static final Map<String, String> RUN = Map.of("PENDING", "排队中", "RUNNING", "对账中", "WAITING_STATEMENT", "等待对账单",
            "COMPLETED", "已完成", "FAILED", "失败");

    static final Map<String, String> LEVEL = Map.of("CENTRAL", "中央", "PROVINCE", "省级", "CITY", "市级", "COUNTY", "县级",
            "UNIT", "单位留用");

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
    static final Map<String, Map<String, String>> ALL = Map.ofEntries(Map.entry("status", STATUS),
            Map.entry("channel", CHANNEL), Map.entry("category", CATEGORY), Map.entry("sort", SORT),
            Map.entry("discrepancy", DISCREPANCY), Map.entry("discrepancyStatus", DISCREPANCY_STATUS),
            Map.entry("action", ACTION), Map.entry("run", RUN), Map.entry("level", LEVEL),
            Map.entry("webhook", WEBHOOK), Map.entry("alert", ALERT));

    private Labels() {
    }
}
