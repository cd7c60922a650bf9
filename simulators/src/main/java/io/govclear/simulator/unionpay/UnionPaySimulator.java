package io.govclear.simulator.unionpay;

import io.govclear.simulator.SettlementTotals;
import io.govclear.simulator.SimClock;
import io.govclear.simulator.SimProblem;
import io.govclear.simulator.PayRequest;
import io.govclear.simulator.StatementFault;
import io.govclear.simulator.StatementFaults;
import io.govclear.simulator.DurableMap;
import io.govclear.simulator.SimStore;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The simulated UnionPay ACP 5.1.0 gateway, an HTTP neighbour of the engine: it checks the merchant's certificate
 * signature (certId = the merchant certificate's serial), answers signed with its signing certificate
 * (signPubKeyCert), keeps its transactions in the durable store (atomic per orderId), notifies successful
 * consumes, and writes the merchant statement. respCodes: 00 success, 01 failed, 11 bad signature, 12 duplicate, 13 missing field,
 * 30 format error, 31 not this merchant, 34 no such transaction, 35 original not found or not refundable,
 * 36 amount differs from the original, 98 no file.
 */
@Singleton
public class UnionPaySimulator {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    private final DurableMap<SimTxn> txns;
    private final DurableMap<String> orderIdByQueryId;
    private final Object refundLock = new Object();
    private final StatementFaults statementFaults;
    private final AtomicLong sequence = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000));
    private final UnionPaySimulatorConfig config;
    private final UnionPayNotifier notifier;
    private final Clock clock;
    private final String merId;
    private final Acp acp;
    private final String signCertId;
    private final String signPubKeyCert;
    private final X509Certificate merchantCert;
    private final String merchantCertId;

    UnionPaySimulator(UnionPaySimulatorConfig config, UnionPayNotifier notifier, Clock clock, SimStore store) {
        this.config = config;
        this.notifier = notifier;
        this.clock = clock;
        this.txns = store.map("unionpay.txns", SimTxn.class);
        this.orderIdByQueryId = store.map("unionpay.query-ids", String.class);
        this.statementFaults = new StatementFaults(store.map("unionpay.statement-faults", StatementFault.class));
        this.merId = config.merId().orElseThrow(() -> unset("mer-id"));
        this.acp = new Acp(config.signPrivateKey().orElseThrow(() -> unset("sign-private-key")));
        X509Certificate signCert = Acp.certificate(config.signCert().orElseThrow(() -> unset("sign-cert")));
        this.signCertId = Acp.certId(signCert);
        this.signPubKeyCert = Acp.pem(signCert);
        this.merchantCert = Acp.certificate(config.merchantCert().orElseThrow(() -> unset("merchant-cert")));
        this.merchantCertId = Acp.certId(merchantCert);
    }

    /**
     * The payer's browser posts a consume form: the consume is known from now on (WAITING); the same orderId and
     * txnTime again is the same consume. Throws {@link AcpError} for a form UnionPay would refuse.
     */
    public SimTxn front(Map<String, String> form) {
        checkRequest(form, "01");
        require(form, "txnSubType", "bizType", "orderId", "txnTime", "txnAmt", "backUrl", "currencyCode");
        if (!"156".equals(form.get("currencyCode"))) {
            throw new AcpError("30", "报文格式错误: currencyCode");
        }
        long amount = amount(form.get("txnAmt"));
        Instant now = clock.instant();
        Instant payTimeout = form.get("payTimeout") == null ? null : time(form.get("payTimeout"));
        time(form.get("txnTime"));
        if (payTimeout != null && !payTimeout.isAfter(now)) {
            throw new AcpError("39", "交易已超时 payTimeout passed");
        }
        SimTxn fresh = SimTxn.consume(form.get("orderId"), form.get("txnTime"), amount, merId, form.get("frontUrl"),
                form.get("backUrl"), payTimeout, form.get("reqReserved"));
        SimTxn txn = txns.computeIfAbsent(fresh.orderId(), id -> fresh);
        if (!txn.txnTime().equals(fresh.txnTime()) || txn.txnAmt() != amount || !"01".equals(txn.txnType())) {
            throw new AcpError("12", "重复交易 orderId " + fresh.orderId() + " was used before");
        }
        return txn;
    }

    /**
     * The payer pays (or the card is refused, outcome FAIL): a successful consume gets its queryId and is notified
     * as the fault says; a failed one is not notified (UnionPay notifies successes). 404 for a consume the payer's
     * browser never posted, 409 when it is not payable any more.
     */
    public SimTxn pay(String orderId, PayRequest request) {
        PayRequest pay = request == null ? new PayRequest(null, null) : request;
        Instant now = clock.instant();
        boolean[] changed = { false };
        SimTxn txn = txns.computeIfPresent(orderId, (key, stored) -> {
            if (!"01".equals(stored.txnType()) || !stored.payable(now)) {
                return stored;
            }
            changed[0] = true;
            long seq = sequence.incrementAndGet();
            String queryId = Acp.txnTime(now) + String.format("%07d", seq % 10_000_000);
            String traceNo = String.format("%06d", seq % 1_000_000);
            return pay.outcomeOrDefault() == PayRequest.Outcome.SUCCESS
                    ? stored.paid(queryId, traceNo, now, fee(stored.txnAmt()))
                    : stored.failed(queryId, traceNo, now);
        });
        if (txn == null || !"01".equals(txn.txnType())) {
            throw SimProblem.notFound("TRADE_NOT_FOUND", "No UnionPay consume " + orderId
                    + " (the payer's browser must post its form first)");
        }
        if (!changed[0]) {
            throw SimProblem.conflict("TRADE_NOT_PAYABLE", "UnionPay consume " + orderId + " is "
                    + (txn.state() == SimTxn.State.WAITING ? "past its payTimeout" : txn.state()));
        }
        orderIdByQueryId.put(txn.queryId(), orderId);
        if (txn.state() == SimTxn.State.PAID && txn.backUrl() != null) {
            notifier.send(txn.backUrl(), signedNotify(txn), pay.notifyOrDefault());
        }
        return txn;
    }

    /** A transaction by orderId, as the payer page shows it. */
    public Optional<SimTxn> txn(String orderId) {
        return Optional.ofNullable(txns.get(orderId));
    }

    /** queryTrans.do: the answer body (signed, raw k=v&…), errors included. */
    public String query(Map<String, String> form) {
        try {
            checkRequest(form, "00");
            require(form, "orderId", "txnTime");
            SimTxn txn = txns.get(form.get("orderId"));
            if (txn == null || !txn.txnTime().equals(form.get("txnTime")) || txn.state() == SimTxn.State.WAITING) {
                throw new AcpError("34", "查无此交易");
            }
            Map<String, String> answer = answer(form, "00", "成功[0000000]");
            answer.put("txnType", txn.txnType());
            answer.put("txnAmt", Long.toString(txn.txnAmt()));
            answer.put("currencyCode", "156");
            answer.put("queryId", txn.queryId());
            answer.put("traceNo", txn.traceNo());
            answer.put("traceTime", traceTime(txn.tracedAt()));
            answer.put("settleDate", Acp.SETTLE_DATE.format(businessDate(txn.tracedAt())));
            answer.put("settleAmt", Long.toString(txn.txnAmt()));
            answer.put("settleCurrencyCode", "156");
            boolean paid = txn.state() == SimTxn.State.PAID;
            answer.put("origRespCode", paid ? "00" : "01");
            answer.put("origRespMsg", paid ? "成功[0000000]" : "交易失败[1000051]");
            if (txn.origQryId() != null) {
                answer.put("origQryId", txn.origQryId());
            }
            return signedBody(answer);
        } catch (AcpError e) {
            return signedBody(error(form, e));
        }
    }

    /** backTransReq.do: refund (txnType 04) of a paid consume by origQryId; the same orderId and txnTime again is the
     * same refund. */
    public String back(Map<String, String> form) {
        try {
            checkRequest(form, "04");
            require(form, "orderId", "txnTime", "txnAmt", "origQryId");
            long amount = amount(form.get("txnAmt"));
            time(form.get("txnTime"));
            String consumeId = orderIdByQueryId.get(form.get("origQryId"));
            SimTxn consume = consumeId == null ? null : txns.get(consumeId);
            if (consume == null || consume.state() != SimTxn.State.PAID) {
                throw new AcpError("35", "原交易不存在或状态不正确");
            }
            Instant now = clock.instant();
            SimTxn refund;
            // refunds of one consume must not add up past it: one refund decision at a time
            synchronized (refundLock) {
                refund = txns.get(form.get("orderId"));
                if (refund == null) {
                    long refunded = txns.values().stream()
                            .filter(t -> "04".equals(t.txnType()) && consume.queryId().equals(t.origQryId()))
                            .mapToLong(SimTxn::txnAmt).sum();
                    if (refunded + amount > consume.txnAmt()) {
                        throw new AcpError("36", "退货金额超过原交易可退金额");
                    }
                    long seq = sequence.incrementAndGet();
                    refund = SimTxn.refund(form.get("orderId"), form.get("txnTime"), amount, merId, consume,
                            Acp.txnTime(now) + String.format("%07d", seq % 10_000_000),
                            String.format("%06d", seq % 1_000_000), now);
                    txns.put(refund.orderId(), refund);
                }
            }
            if (!"04".equals(refund.txnType()) || !refund.txnTime().equals(form.get("txnTime"))
                    || refund.txnAmt() != amount || !consume.queryId().equals(refund.origQryId())) {
                throw new AcpError("12", "重复交易");
            }
            orderIdByQueryId.putIfAbsent(refund.queryId(), refund.orderId());
            Map<String, String> answer = answer(form, "00", "成功[0000000]");
            answer.put("txnAmt", Long.toString(amount));
            answer.put("origQryId", refund.origQryId());
            answer.put("queryId", refund.queryId());
            return signedBody(answer);
        } catch (AcpError e) {
            return signedBody(error(form, e));
        }
    }

    /** The file gateway (txnType 76, fileType 00): the day's statement zip, deflated, Base64 in fileContent. */
    public String file(Map<String, String> form) {
        try {
            checkRequest(form, "76");
            require(form, "settleDate", "fileType", "txnTime");
            if (!"00".equals(form.get("fileType"))) {
                throw new AcpError("30", "报文格式错误: fileType");
            }
            LocalDate date = settleDate(form.get("settleDate"));
            List<SimTxn> day = ofDay(date);
            if (day.isEmpty()) {
                throw new AcpError("98", "文件不存在");
            }
            Map<String, String> answer = answer(form, "00", "成功[0000000]");
            answer.put("settleDate", form.get("settleDate"));
            answer.put("fileType", "00");
            answer.put("fileName", merId + "_" + date.format(DateTimeFormatter.BASIC_ISO_DATE) + ".zip");
            answer.put("fileContent", Base64.getEncoder().encodeToString(deflate(zip(date, day))));
            return signedBody(answer);
        } catch (AcpError e) {
            return signedBody(error(form, e));
        }
    }

    /** The ZM file of a business date (see {@link ZmFile}): what the zip of the file gateway holds. */
    public byte[] statement(LocalDate businessDate) {
        if (businessDate.isAfter(LocalDate.ofInstant(clock.instant(), SimClock.ZONE))) {
            throw SimProblem.notFound("STATEMENT_NOT_READY",
                    "No UnionPay statement for " + businessDate + " yet");
        }
        return ZmFile.write(ofDay(businessDate));
    }

    /** What the ZM file of a business date adds up to (the agent bank's credit of UnionPay's settlement). */
    public SettlementTotals settlementTotals(LocalDate businessDate) {
        return ZmFile.totals(ofDay(businessDate));
    }

    /** The days any file may list something on: each paid transaction's day and the next (a late booking). */
    public Set<LocalDate> activeDates() {
        Set<LocalDate> dates = new TreeSet<>();
        txns.values().stream().filter(t -> t.state() == SimTxn.State.PAID).forEach(t -> {
            dates.add(businessDate(t.tracedAt()));
            dates.add(businessDate(t.tracedAt()).plusDays(1));
        });
        return dates;
    }

    /** The file name of a business date's ZM file. */
    public String statementFileName(LocalDate businessDate) {
        return ZmFile.name(YYMMDD.format(businessDate), merId);
    }

    /** The error page text of a refused front form, and its code. */
    public static final class AcpError extends RuntimeException {

        private final String respCode;

        AcpError(String respCode, String respMsg) {
            super(respMsg, null, false, false);
            this.respCode = respCode;
        }

        public String respCode() {
            return respCode;
        }
    }

    /**
     * Makes a business date's file differ from the truth (see {@link StatementFault}; a fault's paymentId is a
     * consume's or a refund's orderId); ADD_CHANNEL_ONLY creates a consume paid at noon that day that the engine never
     * sent. Returns the fault with the orderId it concerns.
     */
    public StatementFault addStatementFault(StatementFault request) {
        StatementFault fault = StatementFaults.checked(request);
        if (fault.kind() != StatementFault.Kind.ADD_CHANNEL_ONLY) {
            statementFaults.add(fault);
            return fault;
        }
        long seq = sequence.incrementAndGet();
        String orderId = fault.paymentId() != null ? fault.paymentId() : "SIM" + String.format("%013d", seq);
        long amount = fault.amountFen() != null ? fault.amountFen() : 100;
        Instant paidAt = fault.businessDate().atTime(12, 0).atZone(SimClock.ZONE).toInstant();
        String txnTime = Acp.txnTime(paidAt.minusSeconds(60));
        SimTxn txn = SimTxn.consume(orderId, txnTime, amount, merId, null, null, null, null)
                .paid(Acp.txnTime(paidAt) + String.format("%07d", seq % 10_000_000),
                        String.format("%06d", seq % 1_000_000), paidAt, fee(amount));
        if (txns.putIfAbsent(orderId, txn) != null) {
            throw SimProblem.conflict("TRADE_EXISTS", "UnionPay consume " + orderId + " exists already");
        }
        orderIdByQueryId.put(txn.queryId(), orderId);
        return new StatementFault(fault.businessDate(), fault.kind(), orderId, amount);
    }

    /** The paid transactions the file of {@code date} lists, statement faults applied. */
    private List<SimTxn> ofDay(LocalDate date) {
        return txns.values().stream()
                .filter(t -> t.state() == SimTxn.State.PAID)
                .map(t -> listed(t, date))
                .filter(Objects::nonNull)
                .toList();
    }

    /** A paid transaction as the file of {@code date} lists it, or null when it does not. */
    private SimTxn listed(SimTxn txn, LocalDate date) {
        LocalDate paidOn = businessDate(txn.tracedAt());
        if (paidOn.equals(date)) {
            return statementFaults.leftOut(date, txn.orderId()) ? null
                    : txn.listedAs(txn.tracedAt(), statementFaults.alteredAmount(date, txn.orderId(), txn.txnAmt())
                            .orElse(txn.txnAmt()));
        }
        return paidOn.plusDays(1).equals(date) && statementFaults.movedInto(date, txn.orderId())
                ? txn.listedAs(date.atStartOfDay(SimClock.ZONE).toInstant().plusSeconds(1), txn.txnAmt())
                : null;
    }

    private byte[] zip(LocalDate date, List<SimTxn> day) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(statementFileName(date)));
            zip.write(ZmFile.write(day));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater();
        deflater.setInput(bytes);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private void checkRequest(Map<String, String> form, String txnType) {
        require(form, "version", "signMethod", "certId", "signature", "merId", "txnType");
        if (!Acp.VERSION.equals(form.get("version")) || !"01".equals(form.get("signMethod"))) {
            throw new AcpError("30", "报文格式错误: version 5.1.0 and signMethod 01 only");
        }
        if (!merchantCertId.equals(form.get("certId")) || !Acp.verifies(form, merchantCert)) {
            throw new AcpError("11", "验证签名失败");
        }
        if (!merId.equals(form.get("merId"))) {
            throw new AcpError("31", "商户状态不正确");
        }
        if (!txnType.equals(form.get("txnType"))) {
            throw new AcpError("30", "报文格式错误: txnType " + form.get("txnType") + " is not served here");
        }
        if (form.get("orderId") != null && !Acp.ORDER_ID.matcher(form.get("orderId")).matches()) {
            throw new AcpError("30", "报文格式错误: orderId");
        }
    }

    private static void require(Map<String, String> form, String... fields) {
        for (String field : fields) {
            if (form.get(field) == null || form.get(field).isEmpty()) {
                throw new AcpError("13", "报文交易要素缺失: " + field);
            }
        }
    }

    private static long amount(String txnAmt) {
        if (!Acp.AMOUNT.matcher(txnAmt).matches() || Long.parseLong(txnAmt) < 1) {
            throw new AcpError("30", "报文格式错误: txnAmt");
        }
        return Long.parseLong(txnAmt);
    }

    private static Instant time(String yyyyMMddHHmmss) {
        try {
            return LocalDateTime.parse(yyyyMMddHHmmss, Acp.TXN_TIME).atZone(SimClock.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new AcpError("30", "报文格式错误: time " + yyyyMMddHHmmss);
        }
    }

    /** The most recent date, today or before, with this MMdd. */
    private LocalDate settleDate(String mmdd) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), SimClock.ZONE);
        try {
            MonthDay day = MonthDay.parse(mmdd, Acp.SETTLE_DATE);
            LocalDate date = day.atYear(today.getYear());
            return date.isAfter(today) ? day.atYear(today.getYear() - 1) : date;
        } catch (DateTimeParseException e) {
            throw new AcpError("30", "报文格式错误: settleDate");
        }
    }

    /** The back notify of a paid consume, signed. */
    Map<String, String> signedNotify(SimTxn txn) {
        return signed(notifyFields(txn));
    }

    private Map<String, String> notifyFields(SimTxn txn) {
        Map<String, String> fields = new TreeMap<>();
        fields.put("version", Acp.VERSION);
        fields.put("encoding", "UTF-8");
        fields.put("txnType", "01");
        fields.put("txnSubType", "01");
        fields.put("bizType", "000201");
        fields.put("accessType", "0");
        fields.put("merId", merId);
        fields.put("orderId", txn.orderId());
        fields.put("txnTime", txn.txnTime());
        fields.put("txnAmt", Long.toString(txn.txnAmt()));
        fields.put("currencyCode", "156");
        fields.put("queryId", txn.queryId());
        fields.put("traceNo", txn.traceNo());
        fields.put("traceTime", traceTime(txn.tracedAt()));
        fields.put("settleDate", Acp.SETTLE_DATE.format(businessDate(txn.tracedAt())));
        fields.put("settleAmt", Long.toString(txn.txnAmt()));
        fields.put("settleCurrencyCode", "156");
        fields.put("respCode", "00");
        fields.put("respMsg", "成功[0000000]");
        fields.put("accNo", ZmFile.CARD);
        fields.put("payCardType", "01");
        if (txn.reqReserved() != null) {
            fields.put("reqReserved", txn.reqReserved());
        }
        return fields;
    }

    private Map<String, String> answer(Map<String, String> form, String respCode, String respMsg) {
        Map<String, String> answer = new TreeMap<>();
        answer.put("version", Acp.VERSION);
        answer.put("encoding", "UTF-8");
        for (String echoed : List.of("txnType", "txnSubType", "bizType", "accessType", "merId", "orderId", "txnTime")) {
            if (form.get(echoed) != null) {
                answer.put(echoed, form.get(echoed));
            }
        }
        answer.put("respCode", respCode);
        answer.put("respMsg", respMsg);
        return answer;
    }

    private Map<String, String> error(Map<String, String> form, AcpError e) {
        return answer(form, e.respCode(), e.getMessage());
    }

    /** The fields with signMethod, certId and signPubKeyCert added and signed. */
    private Map<String, String> signed(Map<String, String> fields) {
        Map<String, String> signed = new TreeMap<>(fields);
        signed.put("signMethod", "01");
        signed.put("certId", signCertId);
        signed.put("signPubKeyCert", signPubKeyCert);
        return acp.signed(signed);
    }

    private String signedBody(Map<String, String> fields) {
        return Acp.write(new LinkedHashMap<>(signed(fields)));
    }

    private long fee(long amountFen) {
        return BigDecimal.valueOf(amountFen).multiply(config.feeRate()).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private static LocalDate businessDate(Instant at) {
        return LocalDate.ofInstant(at, SimClock.ZONE);
    }

    private static String traceTime(Instant at) {
        return Acp.TRACE_TIME.format(LocalDateTime.ofInstant(at, SimClock.ZONE));
    }

    private static IllegalStateException unset(String property) {
        return new IllegalStateException("govclear.simulator.unionpay." + property + " is not set");
    }
}
