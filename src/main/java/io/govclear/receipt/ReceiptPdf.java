package io.govclear.receipt;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import io.govclear.common.Clocks;
import io.govclear.common.Yuan;
import jakarta.inject.Singleton;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Renders a receipt as PDF with OpenPDF. Chinese is set in WenQuanYi Micro Hei (Apache-2.0, shipped in the jar under
 * {@code fonts/}), embedded as a subset of the glyphs used, so every viewer draws it without fonts of its own and the
 * text stays real Unicode (searchable, extractable).
 */
@Singleton
public class ReceiptPdf {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(Clocks.BUSINESS_ZONE);
    private static final Color RED = new Color(0xC0, 0x1F, 0x1F);

    private static final String FONT = "fonts/wqy-microhei.ttc";

    private final BaseFont song;

    public ReceiptPdf() {
        try (var in = ReceiptPdf.class.getClassLoader().getResourceAsStream(FONT)) {
            if (in == null) {
                throw new IllegalStateException(FONT + " is missing from the classpath");
            }
            song = BaseFont.createFont("wqy-microhei.ttc,0", BaseFont.IDENTITY_H, BaseFont.EMBEDDED,
                    BaseFont.CACHED, in.readAllBytes(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU work: call it off the event loop. */
    public byte[] render(ReceiptService.Verified verified, String verifyUrl) {
        Receipt r = verified.receipt();
        Font title = new Font(song, 18, Font.BOLD);
        Font normal = new Font(song, 10);
        Font small = new Font(song, 7, Font.NORMAL, Color.GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        PdfWriter.getInstance(document, out);
        document.addTitle("电子缴款凭证 " + r.receiptNo());
        document.open();

        Paragraph heading = new Paragraph("非税收入电子缴款凭证", title);
        heading.setAlignment(Element.ALIGN_CENTER);
        document.add(heading);
        Paragraph english = new Paragraph("Electronic payment receipt (non-tax revenue)", normal);
        english.setAlignment(Element.ALIGN_CENTER);
        english.setSpacingAfter(12);
        document.add(english);
        if (!"VALID".equals(verified.mark())) {
            Paragraph mark = new Paragraph(markLabel(verified.mark()), new Font(song, 14, Font.BOLD, RED));
            mark.setAlignment(Element.ALIGN_CENTER);
            mark.setSpacingAfter(8);
            document.add(mark);
        }

        PdfPTable facts = new PdfPTable(new float[] { 1.2f, 2.8f });
        facts.setWidthPercentage(100);
        row(facts, "票据代码 Receipt code", r.receiptCode(), normal);
        row(facts, "票据号码 Number", r.number(), normal);
        row(facts, "校验码 Check code", r.checkCode(), normal);
        row(facts, "开票时间 Issued", time(r.issuedAt()), normal);
        row(facts, "缴款码 Payment code", r.paymentCode(), normal);
        row(facts, "执收单位 Unit", r.unitName() + " (" + r.unitCode() + ")", normal);
        row(facts, "缴款人 Payer", r.payerNameMasked(), normal);
        row(facts, "支付渠道 Channel", r.channel() + "  " + r.paymentId(), normal);
        row(facts, "支付时间 Paid", time(r.paidAt()), normal);
        document.add(facts);

        PdfPTable items = new PdfPTable(new float[] { 1.4f, 2.6f, 1.2f });
        items.setWidthPercentage(100);
        items.setSpacingBefore(12);
        for (String header : new String[] { "项目编码 Item", "项目名称 Name", "金额 Amount (元)" }) {
            PdfPCell cell = new PdfPCell(new Phrase(header, normal));
            cell.setBackgroundColor(new Color(0xEE, 0xF1, 0xF4));
            items.addCell(cell);
        }
        for (Receipt.Line line : r.lines()) {
            items.addCell(new Phrase(line.itemCode(), normal));
            items.addCell(new Phrase(line.itemName(), normal));
            items.addCell(amount(line.amountFen(), normal));
        }
        total(items, "滞纳金 Late fee", r.lateFeeFen(), normal);
        total(items, "合计 Total", r.totalFen(), new Font(song, 11, Font.BOLD));
        document.add(items);

        Paragraph proof = new Paragraph("验证 Verify: " + verifyUrl + "\nSM3: " + HexFormat.of().formatHex(r.hash())
                + (verified.intact() ? "" : "\n!! 此凭证未通过完整性校验 This receipt failed verification"), small);
        proof.setSpacingBefore(16);
        document.add(proof);
        document.close();
        return out.toByteArray();
    }

    static String markLabel(String mark) {
        return switch (mark) {
            case "REFUNDED" -> "已退款 REFUNDED";
            case "PARTIALLY_REFUNDED" -> "已部分退款 PARTIALLY REFUNDED";
            case "REVERSED" -> "已冲销 REVERSED";
            default -> mark;
        };
    }

    private static void row(PdfPTable table, String label, String value, Font font) {
        table.addCell(new Phrase(label, font));
        table.addCell(new Phrase(value, font));
    }

    private static void total(PdfPTable table, String label, long fen, Font font) {
        PdfPCell cell = new PdfPCell(new Phrase(label, font));
        cell.setColspan(2);
        cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
        table.addCell(cell);
        table.addCell(amount(fen, font));
    }

    private static PdfPCell amount(long fen, Font font) {
        PdfPCell cell = new PdfPCell(new Phrase(Yuan.format(fen), font));
        cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
        return cell;
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }
}
