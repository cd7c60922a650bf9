package io.govclear.funds.statement;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * ISO 20022 camt.053 (BankToCustomerStatement, versions .02 to .08) read with StAX, one {@code Ntry} at a time: the
 * statement's account, currency and OPBD/CLBD balances come before the entries, so the header is known when the
 * first entry starts. DTDs and entities are refused (XXE); only BOOK entries count.
 */
final class CamtSource implements BankStatementReader.Source {

    private static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.0";
    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    private final XMLStreamReader xml;
    private final Checked checked = new Checked();
    private final Deque<String> path = new ArrayDeque<>();
    private final BankStatementHeader header;
    private final long closingFen;
    private final String closingAt;
    private int ntry;
    private boolean done;

    CamtSource(InputStream in) {
        try {
            xml = FACTORY.createXMLStreamReader(in, "UTF-8");
        } catch (XMLStreamException e) {
            throw new BankStatementException("/", "not XML: " + e.getMessage(), e);
        }
        if (nextElement() == null || !"Document".equals(xml.getLocalName())
                || xml.getNamespaceURI() == null || !xml.getNamespaceURI().startsWith(NAMESPACE)
                || !xml.getNamespaceURI().matches(".*0[2-8]$")) {
            throw new BankStatementException("/", "not a camt.053.001.02–.08 Document");
        }
        String account = null;
        String currency = null;
        Long opening = null;
        LocalDate date = null;
        Long closing = null;
        String closingWhere = null;
        int statements = 0;
        while (nextElement() != null) {
            String name = xml.getLocalName();
            String where = where();
            if (name.equals("Stmt") && ++statements > 1) {
                throw new BankStatementException(where, "a file holds one statement");
            }
            if (name.equals("Ntry") && parent("Stmt")) {
                path.removeLast();
                path.addLast("Ntry");
                break;
            }
            if (name.equals("Acct") && parent("Stmt")) {
                Map<String, String> acct = subtree();
                account = acct.getOrDefault("Id/Othr/Id", acct.get("Id/IBAN"));
                currency = acct.get("Ccy");
            } else if (name.equals("Bal") && parent("Stmt")) {
                Map<String, String> bal = subtree();
                String code = bal.getOrDefault("Tp/CdOrPrtry/Cd", bal.get("Tp/Cd"));
                if (!"CNY".equals(bal.get("Amt@Ccy"))) {
                    throw new BankStatementException(where + "/Amt", "the currency must be CNY");
                }
                long fen = Checked.fen(where + "/Amt", bal.get("Amt"), false);
                String indicator = bal.get("CdtDbtInd");
                if (!"CRDT".equals(indicator) && !"DBIT".equals(indicator)) {
                    throw new BankStatementException(where + "/CdtDbtInd", "must be CRDT or DBIT");
                }
                fen = "DBIT".equals(indicator) ? -fen : fen;
                if ("OPBD".equals(code)) {
                    if (opening != null) {
                        throw new BankStatementException(where, "a second OPBD balance");
                    }
                    opening = fen;
                    date = Checked.date(where + "/Dt/Dt", bal.getOrDefault("Dt/Dt", bal.get("Dt/DtTm")));
                } else if ("CLBD".equals(code)) {
                    if (closing != null) {
                        throw new BankStatementException(where, "a second CLBD balance");
                    }
                    closing = fen;
                    closingWhere = where;
                }
            }
        }
        if (account == null || currency == null) {
            throw new BankStatementException("/Document/BkToCstmrStmt/Stmt/Acct", "the account and its currency are required");
        }
        if (opening == null || closing == null) {
            throw new BankStatementException("/Document/BkToCstmrStmt/Stmt/Bal", "an OPBD and a CLBD balance are required");
        }
        header = checked.header("/Document/BkToCstmrStmt/Stmt/Acct", new BankStatementHeader(account, currency, date,
                opening));
        closingFen = closing;
        closingAt = closingWhere;
        if (!"Ntry".equals(path.peekLast())) {
            finish();
        }
    }

    @Override
    public BankStatementHeader header() {
        return header;
    }

    @Override
    public BankEntry next() {
        while (!done) {
            if (!"Ntry".equals(path.peekLast())) {
                String name = nextElement();
                if (name == null) {
                    finish();
                    return null;
                }
                if (!name.equals("Ntry") || !parent("Stmt")) {
                    if (parent("Stmt") && !name.equals("Ntry")) {
                        subtree(); // e.g. AddtlStmtInf after the entries
                        continue;
                    }
                    throw new BankStatementException(where(), "unexpected element");
                }
            }
            ntry++;
            path.removeLast();
            path.addLast("Ntry[" + ntry + "]");
            String at = where();
            Map<String, String> e = subtree();
            BankEntry entry = entry(at, e);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    private BankEntry entry(String at, Map<String, String> e) {
        String status = e.getOrDefault("Sts/Cd", e.get("Sts"));
        if (!"BOOK".equals(status)) {
            return null;
        }
        if (!"CNY".equals(e.get("Amt@Ccy"))) {
            throw new BankStatementException(at + "/Amt", "the currency must be CNY");
        }
        String indicator = e.get("CdtDbtInd");
        if (!"CRDT".equals(indicator) && !"DBIT".equals(indicator)) {
            throw new BankStatementException(at + "/CdtDbtInd", "must be CRDT or DBIT");
        }
        boolean credit = "CRDT".equals(indicator);
        String tx = "NtryDtls/TxDtls/";
        String party = credit ? "Dbtr" : "Cdtr";
        String reference = e.get(tx + "Refs/EndToEndId");
        LocalDate booked = Checked.date(at + "/BookgDt/Dt", e.getOrDefault("BookgDt/Dt", date(e.get("BookgDt/DtTm"))));
        String value = e.getOrDefault("ValDt/Dt", date(e.get("ValDt/DtTm")));
        return checked.entry(at, new BankEntry(checked.entries() + 1, booked,
                value == null ? booked : Checked.date(at + "/ValDt/Dt", value),
                credit ? Direction.CREDIT : Direction.DEBIT, Checked.fen(at + "/Amt", e.get("Amt"), false),
                "NOTPROVIDED".equals(reference) ? null
                        : Checked.text(at + "/" + tx + "Refs/EndToEndId", reference, Checked.MAX_REFERENCE),
                Checked.required(at + "/AcctSvcrRef", e.get("AcctSvcrRef"), Checked.MAX_REFERENCE),
                Checked.text(at + "/" + tx + "RltdPties", e.getOrDefault(tx + "RltdPties/" + party + "/Pty/Nm",
                        e.get(tx + "RltdPties/" + party + "/Nm")), Checked.MAX_TEXT),
                Checked.text(at + "/" + tx + "RltdPties", e.get(tx + "RltdPties/" + party + "Acct/Id/Othr/Id"),
                        Checked.MAX_TEXT),
                Checked.text(at + "/" + tx + "RmtInf/Ustrd", e.get(tx + "RmtInf/Ustrd"), Checked.MAX_TEXT),
                Checked.text(at + "/" + tx + "RtrInf/Rsn/Cd", e.get(tx + "RtrInf/Rsn/Cd"), 4)));
    }

    private static String date(String dateTime) {
        return dateTime == null || dateTime.length() < 10 ? dateTime : dateTime.substring(0, 10);
    }

    @Override
    public long closing() {
        return closingFen;
    }

    @Override
    public void close() {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // nothing held but the stream, which the caller closes
        }
    }

    private void finish() {
        if (!done) {
            done = true;
            checked.closing(closingAt, closingFen);
        }
    }

    /**
     * The leaf texts under the current element, by path relative to it ({@code Refs/EndToEndId}; an element's Ccy
     * attribute as {@code Amt@Ccy}), the first of each; the reader ends on the element's end tag.
     */
    private Map<String, String> subtree() {
        Map<String, String> values = new HashMap<>();
        Deque<String> local = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        try {
            int depth = 1;
            while (depth > 0) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        local.addLast(xml.getLocalName());
                        text.setLength(0);
                        String ccy = xml.getAttributeValue(null, "Ccy");
                        if (ccy != null) {
                            values.putIfAbsent(String.join("/", local) + "@Ccy", ccy);
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(xml.getText());
                    case XMLStreamConstants.END_ELEMENT -> {
                        depth--;
                        if (depth > 0) {
                            values.putIfAbsent(String.join("/", local), text.toString().strip());
                            local.removeLast();
                            text.setLength(0);
                        }
                    }
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> throw new BankStatementException(
                            where(), "DTDs and entities are refused");
                    case XMLStreamConstants.END_DOCUMENT -> throw new BankStatementException(where(),
                            "the file ends inside this element");
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new BankStatementException(where() + (local.isEmpty() ? "" : "/" + String.join("/", local)),
                    "not well-formed XML: " + e.getMessage(), e);
        }
        path.removeLast();
        return values;
    }

    /** Moves to the next start element (keeping {@link #path}), or null at the end of the document. */
    private String nextElement() {
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    path.addLast(xml.getLocalName());
                    return xml.getLocalName();
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    path.removeLast();
                } else if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new BankStatementException(where(), "DTDs and entities are refused");
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw new BankStatementException(path.isEmpty() ? "/" : where(), "not well-formed XML: " + e.getMessage(),
                    e);
        }
    }

    private boolean parent(String name) {
        if (path.size() < 2) {
            return false;
        }
        var it = path.descendingIterator();
        it.next();
        String p = it.next();
        return p.equals(name) || p.startsWith(name + "[");
    }

    private String where() {
        return "/" + String.join("/", path);
    }
}
