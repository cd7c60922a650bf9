package io.govclear.simulator.payout;

import io.govclear.simulator.SimProblem;
import io.govclear.simulator.agentbank.PayoutDebit;
import io.govclear.simulator.payout.PayoutBankSimulator.Outcome;
import io.govclear.simulator.payout.PayoutBankSimulator.Return;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A payout file with what became of each voucher, checked: the file itself ({@link PayoutFile}), the returns (each of
 * a voucher in the file, once, with an ISO 20022 return reason code such as AC04, AC06, AM05) and the vouchers whose
 * treasury receipt is withheld (each in the file, once).
 */
record PayoutOrder(List<PayoutFile.Voucher> vouchers, Map<String, String> returns, Set<String> withheld,
        String fingerprint) {

    private static final Pattern REASON = Pattern.compile("[A-Z]{2}[0-9]{2}");

    /** The order the outcome carries, or null when it carries no file; a 400 problem when any of it is wrong. */
    static PayoutOrder of(Outcome outcome, LocalDate businessDate) {
        boolean extras = outcome.returns() != null && !outcome.returns().isEmpty()
                || outcome.withholdReceipts() != null && !outcome.withholdReceipts().isEmpty();
        if (outcome.file() == null) {
            if (extras) {
                throw SimProblem.invalid("file", "is required with returns and withholdReceipts");
            }
            return null;
        }
        if (extras && !"PAID".equals(outcome.outcome())) {
            throw SimProblem.invalid("returns", "only a PAID payout has returns and receipts");
        }
        List<PayoutFile.Voucher> vouchers = PayoutFile.parse(outcome.file(), businessDate, outcome.issueNo());
        Set<String> numbers = new TreeSet<>(vouchers.stream().map(PayoutFile.Voucher::voucherNo).toList());
        Map<String, String> returns = new LinkedHashMap<>();
        for (Return r : outcome.returns() == null ? List.<Return>of() : outcome.returns()) {
            if (r == null || r.voucherNo() == null || !numbers.contains(r.voucherNo())) {
                throw SimProblem.invalid("returns", "each voucherNo must be a voucher of the file");
            }
            if (r.reason() == null || !REASON.matcher(r.reason()).matches()) {
                throw SimProblem.invalid("returns", "the reason of " + r.voucherNo()
                        + " must be an ISO 20022 return reason code like AC04");
            }
            if (returns.put(r.voucherNo(), r.reason()) != null) {
                throw SimProblem.invalid("returns", "voucher " + r.voucherNo() + " is returned twice");
            }
        }
        Set<String> withheld = new TreeSet<>();
        for (String v : outcome.withholdReceipts() == null ? List.<String>of() : outcome.withholdReceipts()) {
            if (v == null || !numbers.contains(v)) {
                throw SimProblem.invalid("withholdReceipts", "each must be a voucher of the file");
            }
            if (!withheld.add(v)) {
                throw SimProblem.invalid("withholdReceipts", "voucher " + v + " is named twice");
            }
        }
        return new PayoutOrder(vouchers, Map.copyOf(returns), Set.copyOf(withheld),
                fingerprint(outcome.file(), returns, withheld));
    }

    /** Every voucher as the agent bank debits it, with its return reason if it comes back. */
    List<PayoutDebit> debits() {
        return vouchers.stream().map(v -> new PayoutDebit(v.voucherNo(), v.sumFen(), payee(v.destination()),
                v.account(), returns.get(v.voucherNo()))).toList();
    }

    /** The vouchers whose treasury receipt the bank relays: paid to a treasury, neither withheld nor returned. */
    List<PayoutFile.Voucher> receipted() {
        return vouchers.stream().filter(v -> "TREASURY".equals(v.destination())
                && !withheld.contains(v.voucherNo()) && !returns.containsKey(v.voucherNo())).toList();
    }

    /** The payee's name on the statement, by the voucher's destination. */
    static String payee(String destination) {
        return switch (destination) {
            case "TREASURY" -> "国家金库";
            case "FISCAL_SPECIAL_ACCOUNT" -> "财政专户";
            case "UNIT_ACCOUNT" -> "执收单位结算账户";
            default -> destination;
        };
    }

    /** What was told, so telling it again is recognised whatever the order of its lists. */
    private static String fingerprint(String file, Map<String, String> returns, Set<String> withheld) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(file.getBytes(StandardCharsets.UTF_8));
            sha.update(("\u0000" + new TreeMap<>(returns) + "\u0000" + withheld).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
