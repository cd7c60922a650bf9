package io.govclear.simulator.agentbank;

import java.time.LocalDate;
import java.util.List;

/**
 * The statement layout the engine reads, as the engine's own test helper ({@code io.govclear.support.AgentBank})
 * writes it, copied here as the contract the simulated agent bank must meet byte for byte.
 */
public final class EngineLayout {

    public static final String ACCOUNT = "1202020109900000001";

    /** One entry; {@code credit} false for a debit. */
    public record Entry(boolean credit, long amountFen, String reference, String bankReference, String counterparty,
            String counterpartyAccount, String remittance, String returnReason) {
    }

    private EngineLayout() {
    }

    public static long closing(long openingFen, List<Entry> entries) {
        return openingFen + entries.stream().mapToLong(e -> e.credit() ? e.amountFen() : -e.amountFen()).sum();
    }

    public static String camt053(LocalDate date, long openingFen, List<Entry> entries) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\""
                + "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt><GrpHdr><MsgId>T-" + date
                + "</MsgId><CreDtTm>" + date + "T23:59:59+08:00</CreDtTm></GrpHdr><Stmt><Id>S-" + date + "</Id>"
                + "<Acct><Id><Othr><Id>" + ACCOUNT + "</Id></Othr></Id><Ccy>CNY</Ccy></Acct>");
        x.append(balance("OPBD", openingFen, date)).append(balance("CLBD", closing(openingFen, entries), date));
        for (Entry e : entries) {
            String party = e.credit() ? "Dbtr" : "Cdtr";
            x.append("<Ntry><Amt Ccy=\"CNY\">").append(yuan(e.amountFen())).append("</Amt><CdtDbtInd>")
                    .append(e.credit() ? "CRDT" : "DBIT").append("</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>")
                    .append(date).append("</Dt></BookgDt><ValDt><Dt>").append(date).append("</Dt></ValDt><AcctSvcrRef>")
                    .append(e.bankReference()).append("</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>")
                    .append(e.reference() == null ? "NOTPROVIDED" : e.reference()).append("</EndToEndId></Refs>")
                    .append("<RltdPties><").append(party).append("><Pty><Nm>").append(e.counterparty())
                    .append("</Nm></Pty></").append(party).append("><").append(party).append("Acct><Id><Othr><Id>")
                    .append(e.counterpartyAccount()).append("</Id></Othr></Id></").append(party)
                    .append("Acct></RltdPties><RmtInf><Ustrd>").append(e.remittance()).append("</Ustrd></RmtInf>");
            if (e.returnReason() != null) {
                x.append("<RtrInf><Rsn><Cd>").append(e.returnReason()).append("</Cd></Rsn></RtrInf>");
            }
            x.append("</TxDtls></NtryDtls></Ntry>");
        }
        return x.append("</Stmt></BkToCstmrStmt></Document>").toString();
    }

    public static String csv(LocalDate date, long openingFen, List<Entry> entries) {
        StringBuilder c = new StringBuilder("\uFEFF账号," + ACCOUNT + "\r\n户名,浙江省非税收入汇缴结算户\r\n币种,CNY\r\n日期,"
                + date + "\r\n期初余额," + yuan(openingFen) + "\r\n交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,"
                + "对方账号,摘要,业务参考号,银行流水号,退汇原因\r\n");
        long balance = openingFen;
        for (Entry e : entries) {
            balance += e.credit() ? e.amountFen() : -e.amountFen();
            c.append(date).append(",10:00:00,").append(e.credit() ? "" : yuan(e.amountFen())).append(',')
                    .append(e.credit() ? yuan(e.amountFen()) : "").append(',').append(yuan(balance)).append(',')
                    .append(e.counterparty()).append(',').append(e.counterpartyAccount()).append(',')
                    .append(e.remittance()).append(',').append(e.reference() == null ? "" : e.reference()).append(',')
                    .append(e.bankReference()).append(',').append(e.returnReason() == null ? "" : e.returnReason())
                    .append("\r\n");
        }
        return c.append("期末余额,").append(yuan(balance)).append("\r\n").toString();
    }

    private static String balance(String code, long fen, LocalDate date) {
        return "<Bal><Tp><CdOrPrtry><Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">" + yuan(Math.abs(fen))
                + "</Amt><CdtDbtInd>" + (fen < 0 ? "DBIT" : "CRDT") + "</CdtDbtInd><Dt><Dt>" + date + "</Dt></Dt></Bal>";
    }

    private static String yuan(long fen) {
        return (fen < 0 ? "-" : "") + Math.abs(fen) / 100 + "." + String.format("%02d", Math.abs(fen) % 100);
    }
}
