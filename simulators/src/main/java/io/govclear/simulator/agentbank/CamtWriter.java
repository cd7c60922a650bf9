package io.govclear.simulator.agentbank;

import io.govclear.simulator.Yuan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The statement as ISO 20022 camt.053.001.08 (BankToCustomerStatement), streamed entry by entry with the JDK's own
 * StAX writer (which escapes every text), in exactly the layout the engine's camt reader and its test helper
 * {@code AgentBank.camt053} share: one line of XML declaration, then the document on one line; the account by its
 * {@code Othr/Id}; the OPBD and CLBD balances (absolute amount, DBIT when overdrawn) before the entries; per entry
 * its amount, CRDT/DBIT, BOOK, booking and value date, the bank's reference (AcctSvcrRef), the end-to-end reference
 * ({@code NOTPROVIDED} when none), the counterparty (Dbtr of a credit, Cdtr of a debit) with its account, the
 * remittance text and, for a returned payout, {@code RtrInf/Rsn/Cd}.
 */
final class CamtWriter {

    static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";
    private static final byte[] DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            .getBytes(StandardCharsets.UTF_8);
    // the JDK's writer, whatever else is on the class path: its bytes are the ones this layout is checked against
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();

    private CamtWriter() {
    }

    static void write(Statement statement, OutputStream out) throws IOException {
        out.write(DECLARATION);
        try {
            XMLStreamWriter x = FACTORY.createXMLStreamWriter(out, "UTF-8");
            LocalDate date = statement.date();
            x.writeStartElement("Document");
            x.writeDefaultNamespace(NAMESPACE);
            x.writeStartElement("BkToCstmrStmt");
            x.writeStartElement("GrpHdr");
            text(x, "MsgId", "T-" + date);
            text(x, "CreDtTm", date + "T23:59:59+08:00");
            x.writeEndElement();
            x.writeStartElement("Stmt");
            text(x, "Id", "S-" + date);
            x.writeStartElement("Acct");
            x.writeStartElement("Id");
            x.writeStartElement("Othr");
            text(x, "Id", statement.account());
            x.writeEndElement();
            x.writeEndElement();
            text(x, "Ccy", "CNY");
            x.writeEndElement();
            balance(x, "OPBD", statement.openingFen(), date);
            balance(x, "CLBD", statement.closingFen(), date);
            for (AccountEntry e : statement.entries()) {
                entry(x, e);
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndElement();
            x.flush();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the camt.053 statement", e);
        }
    }

    private static void entry(XMLStreamWriter x, AccountEntry e) throws XMLStreamException {
        String party = e.credit() ? "Dbtr" : "Cdtr";
        x.writeStartElement("Ntry");
        amount(x, e.amountFen());
        text(x, "CdtDbtInd", e.credit() ? "CRDT" : "DBIT");
        x.writeStartElement("Sts");
        text(x, "Cd", "BOOK");
        x.writeEndElement();
        x.writeStartElement("BookgDt");
        text(x, "Dt", e.bookingDate().toString());
        x.writeEndElement();
        x.writeStartElement("ValDt");
        text(x, "Dt", e.bookingDate().toString());
        x.writeEndElement();
        text(x, "AcctSvcrRef", e.bankReference());
        x.writeStartElement("NtryDtls");
        x.writeStartElement("TxDtls");
        x.writeStartElement("Refs");
        text(x, "EndToEndId", e.reference() == null ? "NOTPROVIDED" : e.reference());
        x.writeEndElement();
        x.writeStartElement("RltdPties");
        x.writeStartElement(party);
        x.writeStartElement("Pty");
        text(x, "Nm", e.counterparty());
        x.writeEndElement();
        x.writeEndElement();
        x.writeStartElement(party + "Acct");
        x.writeStartElement("Id");
        x.writeStartElement("Othr");
        text(x, "Id", e.counterpartyAccount());
        x.writeEndElement();
        x.writeEndElement();
        x.writeEndElement();
        x.writeEndElement();
        x.writeStartElement("RmtInf");
        text(x, "Ustrd", e.remittance());
        x.writeEndElement();
        if (e.returnReason() != null) {
            x.writeStartElement("RtrInf");
            x.writeStartElement("Rsn");
            text(x, "Cd", e.returnReason());
            x.writeEndElement();
            x.writeEndElement();
        }
        x.writeEndElement();
        x.writeEndElement();
        x.writeEndElement();
    }

    private static void balance(XMLStreamWriter x, String code, long fen, LocalDate date) throws XMLStreamException {
        x.writeStartElement("Bal");
        x.writeStartElement("Tp");
        x.writeStartElement("CdOrPrtry");
        text(x, "Cd", code);
        x.writeEndElement();
        x.writeEndElement();
        amount(x, Math.abs(fen));
        text(x, "CdtDbtInd", fen < 0 ? "DBIT" : "CRDT");
        x.writeStartElement("Dt");
        text(x, "Dt", date.toString());
        x.writeEndElement();
        x.writeEndElement();
    }

    private static void amount(XMLStreamWriter x, long fen) throws XMLStreamException {
        x.writeStartElement("Amt");
        x.writeAttribute("Ccy", "CNY");
        x.writeCharacters(Yuan.format(fen));
        x.writeEndElement();
    }

    private static void text(XMLStreamWriter x, String element, String text) throws XMLStreamException {
        x.writeStartElement(element);
        x.writeCharacters(text);
        x.writeEndElement();
    }
}
