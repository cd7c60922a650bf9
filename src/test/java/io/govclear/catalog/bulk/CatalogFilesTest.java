package io.govclear.catalog.bulk;

import io.govclear.common.ProblemException.CellError;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.govclear.catalog.AmountStandard;
import io.govclear.catalog.Destination;
import io.govclear.catalog.ItemCategory;
import io.govclear.catalog.LateFeeRule;
import io.govclear.catalog.admin.ItemDraft;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.catalog.bulk.CatalogFileException.Reason;
import io.govclear.channel.Channel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Reading and writing the catalog's bulk files: precise errors, round trips, hostile files and speed. */
class CatalogFilesTest {

    private static final String UNITS_HEADER = "code,name,regionCode,allowedChannels,settlementAccount,webhookUrl";
    private static final String ITEMS_HEADER = String.join(",", Layout.ITEMS.header());
    private static final String CHANNELS = "ALIPAY, WECHAT_PAY, UNIONPAY, BANK_ICBC, BANK_ABC";

    // ---------------------------------------------------------------- precise errors

    @Test
    void aCsvOf5000UnitsWithThreeBadRowsReportsEachPrecisely() {
        StringBuilder csv = new StringBuilder(UNITS_HEADER).append("\r\n");
        for (int i = 0; i < 5000; i++) {
            String region = i == 0 ? "11000" : "110105";
            String channels = i == 999 ? "ALIPAY|PAYPAL" : "ALIPAY|WECHAT_PAY";
            String code = i == 4999 ? unitCode(1) : unitCode(i);
            csv.append(code).append(",\"执收单位 ").append(i).append(", 朝阳区\",").append(region).append(',')
                    .append(channels).append(",62220200").append(i).append(",https://unit").append(i)
                    .append(".example/hook\r\n");
        }

        Parsed parsed = CatalogFiles.read(csv.toString().getBytes(UTF_8), "units.csv");

        assertThat(parsed.errors()).containsExactly(
                new CellError("units", 2, "regionCode", "must be a 6-digit administrative region code"),
                new CellError("units", 1001, "allowedChannels",
                        "unknown channel PAYPAL; the channels are " + CHANNELS + " (separated by , or |)"),
                new CellError("units", 5001, "code", "repeats row 3 (the same code)"));
        assertThat(parsed.units()).hasSize(4997);
        assertThat(parsed.items()).isEmpty();
        assertThat(parsed.units().get(0).row()).isEqualTo(3);
        assertThat(parsed.units().get(0).draft().name()).isEqualTo("执收单位 1, 朝阳区");
        assertThat(parsed.units().stream().map(Line::row)).doesNotContain(2, 1001, 5001);
    }

    @Test
    void everyErrorOfARowIsReportedAndTheRowGivesNoDraft() {
        String csv = ITEMS_HEADER + "\n"
                + "U0001,fee,,FOO,1030,FIXED,12.5,,,NONE,0,maybe,TREASURY,0,10000,0,0,0,2025-02-30\n"
                + "U0001,FEE-1,罚没收入,FINE,10301,FIXED,1500,,,FINE,,true,TREASURY,0,10000,0,0,0,2025-01-01\n";

        Parsed parsed = CatalogFiles.read(csv.getBytes(UTF_8), "items.csv");

        assertThat(parsed.items()).isEmpty();
        assertThat(parsed.errors()).containsExactlyInAnyOrder(
                new CellError("items", 2, "category",
                        "must be one of FINE, TUITION, EXAM_FEE, SOCIAL_SECURITY, ADMIN_FEE, not FOO"),
                new CellError("items", 2, "fixedAmountFen", "must be a whole number, not 12.5"),
                new CellError("items", 2, "lateFeeCapped", "must be true or false, not maybe"),
                new CellError("items", 2, "effectiveFrom", "must be a date as yyyy-MM-dd, not 2025-02-30"),
                new CellError("items", 2, "code", "must be 2–32 of A–Z, 0–9 and '-', starting with a letter or digit"),
                new CellError("items", 2, "name", "is required"),
                new CellError("items", 2, "incomeClassification",
                        "must be a 3, 5 or 7-digit income classification code"),
                new CellError("items", 3, "lateFeeBpPerDay", "is required"));
    }

    @Test
    void duplicateItemsAreTheSameUnitCodeAndEffectiveDate() {
        List<ItemDraft> items = List.of(item(0, "U0001", "FEE-1", LocalDate.of(2025, 1, 1)),
                item(1, "U0001", "FEE-1", LocalDate.of(2026, 1, 1)),
                item(2, "U0002", "FEE-1", LocalDate.of(2025, 1, 1)),
                item(3, "U0001", "FEE-1", LocalDate.of(2025, 1, 1)));

        Parsed parsed = CatalogFiles.read(CatalogFiles.writeItemsCsv(items), "items.csv");

        assertThat(parsed.errors()).containsExactly(
                new CellError("items", 5, "code", "repeats row 2 (the same unitCode, code and effectiveFrom)"));
        assertThat(parsed.items()).extracting(Line::row).containsExactly(2, 3, 4);
    }

    @Test
    void unknownRepeatedAndMissingColumnsAreErrorsOfTheHeaderRow() {
        String units = "code,name,regionCode,allowedChannels,colour,name\nU0001,单位,110105,ALIPAY,red,单位\n";
        Parsed parsed = CatalogFiles.read(units.getBytes(UTF_8), "units.csv");
        assertThat(parsed.errors()).containsExactly(
                new CellError("units", 1, "colour",
                        "is not a column of units; the columns are code, name, regionCode, allowedChannels, "
                                + "settlementAccount, webhookUrl"),
                new CellError("units", 1, "name", "appears twice, in columns B and F"),
                new CellError("units", 1, "settlementAccount", "is a required column and missing"));
        assertThat(parsed.units()).isEmpty();

        String items = ITEMS_HEADER.replace(",destination", "") + "\n";
        assertThat(CatalogFiles.read(items.getBytes(UTF_8), "items.csv").errors())
                .containsExactly(new CellError("items", 1, "destination", "is a required column and missing"));

        String optionalLeftOut = "code,name,regionCode,allowedChannels,settlementAccount\n"
                + "U0001,单位,110105,ALIPAY|UNIONPAY,6222020000001\n";
        Parsed lean = CatalogFiles.read(optionalLeftOut.getBytes(UTF_8), "UNITS.CSV");
        assertThat(lean.errors()).isEmpty();
        assertThat(lean.units().get(0).draft()).isEqualTo(new UnitDraft("U0001", "单位", "110105",
                EnumSet.of(Channel.ALIPAY, Channel.UNIONPAY), "6222020000001", null));
    }

    @Test
    void aValueBeyondTheHeaderIsAnErrorNamingItsColumnLetter() {
        String csv = UNITS_HEADER + "\nU0001,单位,110105,ALIPAY,6222020000001,,stray\n\n"
                + "U0002,单位,110105,ALIPAY,6222020000002\n" + "U0003,单位,110105,ALIPAY,6222020000003,,"
                + ",x".repeat(100_000) + "\n";
        Parsed parsed = CatalogFiles.read(csv.getBytes(UTF_8), "units.csv");
        assertThat(parsed.errors()).containsExactly(
                new CellError("units", 2, "G", "has a value but its column has no header"),
                new CellError("units", 5, "H", "has a value but its column has no header (and 99999 more cells of "
                        + "this row)"));
        assertThat(parsed.units()).extracting(Line::row).containsExactly(4);

        String wide = UNITS_HEADER + ",x".repeat(200) + "\n";
        assertThat(CatalogFiles.read(wide.getBytes(UTF_8), "units.csv").errors()).hasSize(95)
                .endsWith(new CellError("units", 1, "CW", "the header has more than 100 columns"));
    }

    @Test
    void controlCharactersAndOverlongCellsAreCellErrors() {
        String csv = UNITS_HEADER + "\n" + "U0001,\"ab\u0000c\",110105,ALIPAY,6222020000001,\n"
                + "U0002,\"two\nlines\",110105,ALIPAY,6222020000002,https://a.example/" + "x".repeat(490) + "\n"
                + "U0003,\u0007bell,110105,ALIPAY,6222020000003,\n";
        Parsed parsed = CatalogFiles.read(csv.getBytes(UTF_8), "units.csv");
        assertThat(parsed.errors()).containsExactly(
                new CellError("units", 2, "name", "must not contain control characters (found U+0000)"),
                new CellError("units", 3, "name", "must not contain control characters (found U+000A)"),
                new CellError("units", 3, "webhookUrl", "is longer than 500 characters"),
                new CellError("units", 4, "name", "must not contain control characters (found U+0007)"));
    }

    @Test
    void workbookCellsAreReadByWhatTheyHold() throws IOException {
        byte[] workbook = workbook(wb -> {
            Sheet units = wb.createSheet("Units");
            row(units, 0, (Object[]) UNITS_HEADER.split(","));
            row(units, 1, 110105, new Formula("\"单\"&\"位\""), 110105, "ALIPAY", 6222020000000000001L, null);
            row(units, 2, "U0002", "a\tb", 110105.0, true, "6222020000000002", null);
            row(units, 3, "U0003", "单位三", 110105, "BANK_ABC", 62220200000003L, null);
            Sheet items = wb.createSheet("items");
            row(items, 0, (Object[]) Layout.ITEMS.header());
            row(items, 1, "U0003", "FEE-1", "罚款", "FINE", 10301, "FIXED", 15.5, null, null, "FINE", 300, true,
                    "TREASURY", 0, 10000, 0, 0, 0, LocalDate.of(2025, 3, 1));
            row(items, 2, "U0003", "FEE-2", "考试费", "EXAM_FEE", "10301", "RANGE", null, 1000, 2000.0, "NONE", 0, false,
                    "FISCAL_SPECIAL_ACCOUNT", 0, 0, 0, 0, 10000, LocalDate.of(2025, 3, 1));
            row(items, 3, "U0003", "FEE-3", "学费", "TUITION", "10301", "FREE", null, null, null, "NONE", 0, "FALSE",
                    "TREASURY", 0, 0, 0, 0, 10000, 45000);
            Sheet notes = wb.createSheet("notes");
            row(notes, 0, "anything", new Formula("1+1"));
        });

        Parsed parsed = CatalogFiles.read(workbook, "catalog.XLSX");

        assertThat(parsed.errors()).containsExactly(
                new CellError("units", 2, "name", "formulas are not accepted; enter the value itself"),
                new CellError("units", 2, "settlementAccount",
                        "is a number of more than 15 digits, which the spreadsheet has rounded; enter it as text"),
                new CellError("units", 3, "name", "must not contain control characters (found U+0009)"),
                new CellError("units", 3, "allowedChannels", "unknown channel true; the channels are " + CHANNELS
                        + " (separated by , or |)"),
                new CellError("items", 2, "fixedAmountFen", "must be a whole number, not 15.5"),
                new CellError("items", 4, "effectiveFrom",
                        "must be a date (a date cell or a text yyyy-MM-dd), not the number 45000"));
        assertThat(parsed.units()).containsExactly(new Line<>(4, new UnitDraft("U0003", "单位三", "110105",
                Set.of(Channel.BANK_ABC), "62220200000003", null)));
        assertThat(parsed.items()).containsExactly(new Line<>(3, new ItemDraft("U0003", "FEE-2", "考试费",
                ItemCategory.EXAM_FEE, "10301", AmountStandard.RANGE, null, 1000L, 2000L, LateFeeRule.NONE, 0, false,
                Destination.FISCAL_SPECIAL_ACCOUNT, 0, 0, 0, 0, 10000, LocalDate.of(2025, 3, 1))));
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void aWorkbookWithBothSheetsRoundTrips() {
        List<UnitDraft> units = IntStream.range(0, 50).mapToObj(CatalogFilesTest::unit).toList();
        List<ItemDraft> items = IntStream.range(0, 80).mapToObj(CatalogFilesTest::item).toList();

        Parsed parsed = CatalogFiles.read(CatalogFiles.writeXlsx(units, items), "catalog.xlsx");

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.units()).extracting(Line::draft).containsExactlyElementsOf(units);
        assertThat(parsed.items()).extracting(Line::draft).containsExactlyElementsOf(items);
        assertThat(parsed.units()).extracting(Line::row).startsWith(2, 3).endsWith(51);
    }

    @Test
    void csvFilesRoundTripAndCarryABom() {
        List<UnitDraft> units = IntStream.range(0, 50).mapToObj(CatalogFilesTest::unit).toList();
        List<ItemDraft> items = IntStream.range(0, 80).mapToObj(CatalogFilesTest::item).toList();

        byte[] unitsCsv = CatalogFiles.writeUnitsCsv(units);
        assertThat(Arrays.copyOf(unitsCsv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(unitsCsv, UTF_8)).startsWith("\uFEFF" + UNITS_HEADER + "\r\n");

        assertThat(CatalogFiles.read(unitsCsv, "units.csv").units()).extracting(Line::draft)
                .containsExactlyElementsOf(units);
        Parsed parsedItems = CatalogFiles.read(CatalogFiles.writeItemsCsv(items), "items.csv");
        assertThat(parsedItems.errors()).isEmpty();
        assertThat(parsedItems.items()).extracting(Line::draft).containsExactlyElementsOf(items);
        assertThat(CatalogFiles.read(CatalogFiles.writeItemsCsv(List.of()), "items.csv"))
                .isEqualTo(new Parsed(List.of(), List.of(), List.of()));
    }

    @Test
    void formulaInjectionIsNeutralisedOnExport() throws IOException {
        List<String> names = List.of("=HYPERLINK(\"https://evil.example\",\"点我\")", "+1+2", "-3", "@SUM(A1)",
                "'=quoted", "'plain", "a=b");
        List<UnitDraft> units = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            units.add(new UnitDraft(unitCode(i), names.get(i), "110105", Set.of(Channel.ALIPAY), "6222020000000001",
                    null));
        }

        String csv = new String(CatalogFiles.writeUnitsCsv(units), UTF_8);
        assertThat(csv).contains(",\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"点我\"\")\",", ",'+1+2,", ",'-3,",
                ",'@SUM(A1),", ",''=quoted,", ",'plain,", ",a=b,");
        assertThat(CatalogFiles.read(csv.getBytes(UTF_8), "units.csv").units()).extracting(Line::draft)
                .containsExactlyElementsOf(units);

        byte[] xlsx = CatalogFiles.writeXlsx(units, List.of());
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = workbook.getSheet("units");
            for (int r = 1; r <= names.size(); r++) {
                assertThat(sheet.getRow(r).getCell(1).getCellType()).isEqualTo(CellType.STRING);
                assertThat(sheet.getRow(r).getCell(1).getStringCellValue()).isEqualTo(names.get(r - 1));
            }
        }
        assertThat(CatalogFiles.read(xlsx, "units.xlsx").units()).extracting(Line::draft)
                .containsExactlyElementsOf(units);
    }

    // ---------------------------------------------------------------- hostile files

    @Test
    void bytesThatAreNoWorkbookAreRefused() {
        assertRefused(() -> CatalogFiles.read("code,name\n".getBytes(UTF_8), "units.xlsx"), Reason.NOT_A_WORKBOOK);
        assertRefused(() -> CatalogFiles.read(new byte[] { 'P', 'K', 3, 4, 1, 2, 3 }, "units.xlsx"),
                Reason.NOT_A_WORKBOOK);
        assertRefused(() -> CatalogFiles.read(new byte[] { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0 },
                "old.xlsx"), Reason.NOT_A_WORKBOOK);
        assertRefused(() -> CatalogFiles.read(zip("hello.txt", "hello".getBytes(UTF_8)), "units.xlsx"),
                Reason.NOT_A_WORKBOOK);
        assertRefused(() -> CatalogFiles.read(new byte[0], "units.xlsx"), Reason.NOT_A_WORKBOOK);

        assertRefused(() -> CatalogFiles.read(new byte[10], "units.pdf"), Reason.UNKNOWN_FORMAT);
        assertRefused(() -> CatalogFiles.read(new byte[10], null), Reason.UNKNOWN_FORMAT);
        assertRefused(() -> CatalogFiles.read("colour,size\nred,big\n".getBytes(UTF_8), "units.csv"),
                Reason.UNKNOWN_FORMAT);
        assertRefused(() -> CatalogFiles.read("\uFEFF\r\n".getBytes(UTF_8), "units.csv"), Reason.EMPTY);
        assertRefused(() -> CatalogFiles.read(workbook(wb -> wb.createSheet("Sheet1")), "units.xlsx"), Reason.EMPTY);
        assertRefused(() -> CatalogFiles.read("code,name\nU1,\"open".getBytes(UTF_8), "units.csv"),
                Reason.MALFORMED_CSV);
    }

    @Test
    void aNumberNoWorkbookCanHoldIsACellErrorAndNeverExpanded() throws IOException {
        StringBuilder header = new StringBuilder("<row r=\"1\">");
        for (String name : UNITS_HEADER.split(",")) {
            header.append("<c t=\"inlineStr\"><is><t>").append(name).append("</t></is></c>");
        }
        String sheetData = "<sheetData>" + header + "</row><row r=\"2\"><c r=\"A2\"><v>1E+999999999</v></c>"
                + "<c r=\"C2\"><v>1E-999999999</v></c></row></sheetData>";

        Parsed parsed = CatalogFiles.read(withSheet(CatalogFiles.writeXlsx(List.of(), List.of()), sheetData), "u.xlsx");

        assertThat(parsed.errors()).startsWith(new CellError("units", 2, "code", "is not a number a workbook can hold"),
                new CellError("units", 2, "regionCode", "is not a number a workbook can hold"));
    }

    @Test
    void aDamagedWorkbookOnlyEverRaisesCatalogFileException() {
        byte[] good = CatalogFiles.writeXlsx(List.of(unit(1), unit(2)), List.of(item(1)));
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] bad = i % 2 == 0 ? Arrays.copyOf(good, random.nextInt(good.length)) : good.clone();
            if (i % 2 == 1) {
                for (int flips = 0; flips < 1 + random.nextInt(8); flips++) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
            }
            Throwable thrown = catchThrowable(() -> CatalogFiles.read(bad, "damaged.xlsx"));
            assertThat(thrown).as("try %d", i).satisfiesAnyOf(t -> assertThat(t).isNull(),
                    t -> assertThat(t).isInstanceOf(CatalogFileException.class));
        }
    }

    @Test
    void aTinyWorkbookInflatingHugelyIsRefused() throws IOException {
        byte[] good = CatalogFiles.writeXlsx(List.of(unit(1)), List.of());
        // a units sheet of 40 MB (a hundred times under the 100 MB total), packed to some 40 KB: POI's ratio limit
        byte[] bomb = withSheet(good, 40);
        assertThat(bomb.length).isLessThan(200_000);
        assertThat(assertRefused(() -> CatalogFiles.read(bomb, "bomb.xlsx"), Reason.TOO_LARGE))
                .contains("a part over 100 times its packed size");
        // 150 MB: over the whole workbook's limit, counted before POI opens it
        byte[] bigger = withSheet(good, 150);
        assertThat(bigger.length).isLessThan(1_000_000);
        assertThat(assertRefused(() -> CatalogFiles.read(bigger, "bomb.xlsx"), Reason.TOO_LARGE))
                .isEqualTo("the workbook inflates to more than 100 MB");
        // 1,500 empty parts
        ByteArrayOutputStream parts = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(parts)) {
            for (int i = 0; i < 1500; i++) {
                zip.putNextEntry(new ZipEntry("part" + i + ".xml"));
                zip.closeEntry();
            }
        }
        assertThat(assertRefused(() -> CatalogFiles.read(parts.toByteArray(), "parts.xlsx"), Reason.TOO_LARGE))
                .contains("more than 1000 parts");
    }

    @Test
    void tooLargeAndTooManyRowsAreRefused() {
        assertRefused(() -> CatalogFiles.read(new byte[CatalogFiles.MAX_BYTES + 1], "units.csv"), Reason.TOO_LARGE);

        StringBuilder csv = new StringBuilder(UNITS_HEADER).append('\n');
        for (int i = 0; i < CatalogFiles.MAX_ROWS; i++) {
            csv.append(unitCode(i)).append(",单位,110105,ALIPAY,6222020000000001,\n");
        }
        assertThat(CatalogFiles.read(csv.toString().getBytes(UTF_8), "units.csv").units())
                .hasSize(CatalogFiles.MAX_ROWS);
        csv.append("U-LAST,单位,110105,ALIPAY,6222020000000001,\n");
        assertRefused(() -> CatalogFiles.read(csv.toString().getBytes(UTF_8), "units.csv"), Reason.TOO_MANY_ROWS);

        List<UnitDraft> many = IntStream.range(0, CatalogFiles.MAX_ROWS + 1).mapToObj(CatalogFilesTest::unit).toList();
        assertRefused(() -> CatalogFiles.read(CatalogFiles.writeXlsx(many, List.of()), "units.xlsx"),
                Reason.TOO_MANY_ROWS);
    }

    @Test
    void aCsvFileMustBeUtf8() {
        byte[] invalid = (UNITS_HEADER + "\nU0001,").getBytes(UTF_8);
        byte[] withBadByte = Arrays.copyOf(invalid, invalid.length + 2);
        withBadByte[invalid.length] = (byte) 0xC3;
        withBadByte[invalid.length + 1] = (byte) 0x28;
        assertThat(assertRefused(() -> CatalogFiles.read(withBadByte, "units.csv"), Reason.BAD_ENCODING))
                .startsWith("the file is not UTF-8 (line 2, byte ");

        byte[] gbk = (UNITS_HEADER + "\nU0001,北京市财政局,110105,ALIPAY,6222020000000001,\n")
                .getBytes(Charset.forName("GBK"));
        assertRefused(() -> CatalogFiles.read(gbk, "units.csv"), Reason.BAD_ENCODING);
        byte[] utf16 = (UNITS_HEADER + "\n").getBytes(Charset.forName("UTF-16"));
        assertRefused(() -> CatalogFiles.read(utf16, "units.csv"), Reason.BAD_ENCODING);

        byte[] withoutBom = (UNITS_HEADER + "\nU0001,北京市财政局,110105,ALIPAY,6222020000000001,\n").getBytes(UTF_8);
        assertThat(CatalogFiles.read(withoutBom, "units.csv").units()).hasSize(1);
    }

    // ---------------------------------------------------------------- speed

    @Test
    void fiveThousandUnitsAndFiveThousandItemsReadWellUnderASecond() {
        List<UnitDraft> units = IntStream.range(0, 5000).mapToObj(CatalogFilesTest::unit).toList();
        List<ItemDraft> items = IntStream.range(0, 5000).mapToObj(CatalogFilesTest::item).toList();
        byte[] xlsx = CatalogFiles.writeXlsx(units, items);
        byte[] unitsCsv = CatalogFiles.writeUnitsCsv(units);
        byte[] itemsCsv = CatalogFiles.writeItemsCsv(items);
        for (int warmUp = 0; warmUp < 5; warmUp++) {
            CatalogFiles.read(xlsx, "catalog.xlsx");
            CatalogFiles.read(unitsCsv, "units.csv");
            CatalogFiles.read(itemsCsv, "items.csv");
        }

        long start = System.nanoTime();
        Parsed workbook = CatalogFiles.read(xlsx, "catalog.xlsx");
        long xlsxMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        Parsed unitFile = CatalogFiles.read(unitsCsv, "units.csv");
        Parsed itemFile = CatalogFiles.read(itemsCsv, "items.csv");
        long csvMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        CatalogFiles.writeXlsx(units, items);
        long writeMillis = (System.nanoTime() - start) / 1_000_000;

        System.out.printf("5,000 units + 5,000 items: XLSX (%d KB) read in %d ms, CSV (%d + %d KB) in %d ms; XLSX "
                + "written in %d ms%n", xlsx.length / 1024, xlsxMillis, unitsCsv.length / 1024, itemsCsv.length / 1024,
                csvMillis, writeMillis);
        assertThat(workbook.units()).hasSize(5000);
        assertThat(workbook.items()).hasSize(5000);
        assertThat(unitFile.units().size() + itemFile.items().size()).isEqualTo(10_000);
        assertThat(xlsxMillis).isLessThan(2000);
        assertThat(csvMillis).isLessThan(2000);
    }

    // ---------------------------------------------------------------- helpers

    private static String unitCode(int i) {
        return "U%05d".formatted(i);
    }

    private static UnitDraft unit(int i) {
        Set<Channel> channels = i % 3 == 0 ? EnumSet.copyOf(Channel.OFFERED)
                : EnumSet.of(Channel.ALIPAY, Channel.BANK_ICBC);
        return new UnitDraft(unitCode(i), "北京市第" + i + "执收单位", "110105", channels, "62220200" + (10_000_000 + i),
                i % 2 == 0 ? "https://unit" + i + ".example/hook?x=1,2" : null);
    }

    private static ItemDraft item(int i) {
        return item(i, unitCode(i % 100), "FEE-" + i, LocalDate.of(2025, 1, 1).plusDays(i % 365));
    }

    private static ItemDraft item(int i, String unitCode, String code, LocalDate effectiveFrom) {
        return switch (i % 3) {
            case 0 -> new ItemDraft(unitCode, code, "行政事业性收费 " + i, ItemCategory.ADMIN_FEE, "10301",
                    AmountStandard.FIXED, 1500L + i, null, null, LateFeeRule.NONE, 0, false, Destination.TREASURY,
                    0, 4000, 3000, 3000, 0, effectiveFrom);
            case 1 -> new ItemDraft(unitCode, code, "罚没收入 " + i, ItemCategory.FINE, "1030501", AmountStandard.RANGE,
                    null, 5000L, 100_000_000_000L, LateFeeRule.FINE, 300, true, Destination.TREASURY, 0, 10000, 0, 0, 0,
                    effectiveFrom);
            default -> new ItemDraft(unitCode, code, "社会保险费 " + i, ItemCategory.SOCIAL_SECURITY, "102",
                    AmountStandard.FREE, null, null, null, LateFeeRule.SOCIAL_INSURANCE, 5, false,
                    Destination.FISCAL_SPECIAL_ACCOUNT, 0, 0, 0, 0, 10000, effectiveFrom);
        };
    }

    /** Asserts the read is refused for that reason, and gives the message. */
    private static String assertRefused(ThrowingCallable read, Reason reason) {
        Throwable thrown = catchThrowable(read);
        assertThat(thrown).isInstanceOf(CatalogFileException.class);
        assertThat(((CatalogFileException) thrown).reason()).as(thrown.getMessage()).isEqualTo(reason);
        return thrown.getMessage();
    }

    /** A cell value written as a formula. */
    private record Formula(String text) {
    }

    private interface Sheets {
        void fill(XSSFWorkbook workbook);
    }

    /** A workbook made with POI's full (DOM) model, as a user's spreadsheet program would make it. */
    private static byte[] workbook(Sheets sheets) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            sheets.fill(workbook);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            workbook.write(bytes);
            return bytes.toByteArray();
        }
    }

    private static void row(Sheet sheet, int index, Object... values) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            org.apache.poi.ss.usermodel.Cell cell = row.createCell(i);
            Object value = values[i];
            if (value instanceof String text) {
                cell.setCellValue(text);
            } else if (value instanceof Number number) {
                cell.setCellValue(number.doubleValue());
            } else if (value instanceof Boolean bool) {
                cell.setCellValue(bool);
            } else if (value instanceof LocalDate date) {
                XSSFCellStyle style = (XSSFCellStyle) sheet.getWorkbook().createCellStyle();
                style.setDataFormat(sheet.getWorkbook().createDataFormat().getFormat("yyyy/m/d"));
                cell.setCellValue(date);
                cell.setCellStyle(style);
            } else if (value instanceof Formula formula) {
                cell.setCellFormula(formula.text());
            }
        }
    }

    private static byte[] zip(String name, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** The workbook with its first sheet's data replaced by {@code sheetData}. */
    private static byte[] withSheet(byte[] workbook, String sheetData) throws IOException {
        return withSheet(workbook, sheetData, 0);
    }

    /** The workbook with its first sheet replaced by a valid empty sheet padded with {@code megabytes} of blanks. */
    private static byte[] withSheet(byte[] workbook, int megabytes) throws IOException {
        return withSheet(workbook, "<sheetData/>", megabytes);
    }

    private static byte[] withSheet(byte[] workbook, String sheetData, int megabytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveInputStream in = new ZipArchiveInputStream(new ByteArrayInputStream(workbook));
                ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.setLevel(9);
            for (ZipArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    out.write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                            .getBytes(UTF_8));
                    byte[] blanks = new byte[1024 * 1024];
                    Arrays.fill(blanks, (byte) ' ');
                    for (int i = 0; i < megabytes; i++) {
                        out.write(blanks);
                    }
                    out.write((sheetData + "</worksheet>").getBytes(UTF_8));
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
