package io.govclear.catalog.bulk;

import static io.govclear.catalog.bulk.Column.Type.BOOLEAN;
import static io.govclear.catalog.bulk.Column.Type.CHANNELS;
import static io.govclear.catalog.bulk.Column.Type.DATE;
import static io.govclear.catalog.bulk.Column.Type.INTEGER;
import static io.govclear.catalog.bulk.Column.Type.LONG;
import static io.govclear.catalog.bulk.Column.Type.TEXT;

import io.govclear.catalog.AmountStandard;
import io.govclear.catalog.Destination;
import io.govclear.catalog.ItemCategory;
import io.govclear.catalog.LateFeeRule;
import io.govclear.common.ProblemException.FieldError;
import io.govclear.catalog.admin.ItemDraft;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.channel.Channel;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The layout of a kind of file (a sheet of the workbook, or a CSV file): its columns, in the order they are written,
 * named after the draft's fields; how a row's values make a draft and a draft gives its values back; and what makes two
 * rows the same (a unit's code; an item's unit, code and effective date).
 */
final class Layout<T> {

    static final Layout<UnitDraft> UNITS = new Layout<>("units",
            List.of(Column.of("code", TEXT, true), Column.of("name", TEXT, true), Column.of("regionCode", TEXT, true),
                    Column.of("allowedChannels", CHANNELS, true), Column.of("settlementAccount", TEXT, true),
                    Column.of("webhookUrl", TEXT, false)),
            v -> new UnitDraft((String) v[0], (String) v[1], (String) v[2], channels(v[3]), (String) v[4],
                    (String) v[5]),
            u -> new Object[] { u.code(), u.name(), u.regionCode(), u.allowedChannels(), u.settlementAccount(),
                    u.webhookUrl() },
            UnitDraft::errors, v -> v[0], "the same code");

    static final Layout<ItemDraft> ITEMS = new Layout<>("items",
            List.of(Column.of("unitCode", TEXT, true), Column.of("code", TEXT, true), Column.of("name", TEXT, true),
                    Column.ofEnum("category", ItemCategory.class), Column.of("incomeClassification", TEXT, true),
                    Column.ofEnum("amountStandard", AmountStandard.class), Column.of("fixedAmountFen", LONG, false),
                    Column.of("minAmountFen", LONG, false), Column.of("maxAmountFen", LONG, false),
                    Column.ofEnum("lateFeeRule", LateFeeRule.class), Column.of("lateFeeBpPerDay", INTEGER, true),
                    Column.of("lateFeeCapped", BOOLEAN, true), Column.ofEnum("destination", Destination.class),
                    Column.of("shareCentralBp", INTEGER, true), Column.of("shareProvinceBp", INTEGER, true),
                    Column.of("shareCityBp", INTEGER, true), Column.of("shareCountyBp", INTEGER, true),
                    Column.of("shareUnitBp", INTEGER, true), Column.of("effectiveFrom", DATE, true)),
            v -> new ItemDraft((String) v[0], (String) v[1], (String) v[2], (ItemCategory) v[3], (String) v[4],
                    (AmountStandard) v[5], (Long) v[6], (Long) v[7], (Long) v[8], (LateFeeRule) v[9], integer(v[10]),
                    Boolean.TRUE.equals(v[11]), (Destination) v[12], integer(v[13]), integer(v[14]), integer(v[15]),
                    integer(v[16]), integer(v[17]), (LocalDate) v[18]),
            i -> new Object[] { i.unitCode(), i.code(), i.name(), i.category(), i.incomeClassification(),
                    i.amountStandard(), i.fixedAmountFen(), i.minAmountFen(), i.maxAmountFen(), i.lateFeeRule(),
                    i.lateFeeBpPerDay(), i.lateFeeCapped(), i.destination(), i.shareCentralBp(), i.shareProvinceBp(),
                    i.shareCityBp(), i.shareCountyBp(), i.shareUnitBp(), i.effectiveFrom() },
            ItemDraft::errors,
            v -> v[0] == null || v[1] == null || v[18] == null ? null : Arrays.asList(v[0], v[1], v[18]),
            "the same unitCode, code and effectiveFrom");

    final String sheet;
    final List<Column> columns;
    private final Function<Object[], T> build;
    private final Function<T, Object[]> values;
    private final Function<T, List<FieldError>> check;
    private final Function<Object[], Object> key;
    /** What the duplicate key is, in words, for the error on the later row (which goes on the code column). */
    final String sameness;
    private final Map<String, Integer> positions = new HashMap<>();

    private Layout(String sheet, List<Column> columns, Function<Object[], T> build, Function<T, Object[]> values,
            Function<T, List<FieldError>> check, Function<Object[], Object> key, String sameness) {
        this.sheet = sheet;
        this.columns = columns;
        this.build = build;
        this.values = values;
        this.check = check;
        this.key = key;
        this.sameness = sameness;
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).name(), i);
        }
    }

    /** The position of the column of that name, or -1 if the layout has none. */
    int position(String name) {
        return positions.getOrDefault(name, -1);
    }

    /** The draft of a row's values, one per column (null where empty or unreadable; 0 or false for primitives). */
    T draft(Object[] row) {
        return build.apply(row);
    }

    /** A draft's values in column order, for writing. */
    Object[] values(T draft) {
        return values.apply(draft);
    }

    List<FieldError> errors(T draft) {
        return check.apply(draft);
    }

    /** What no two rows may share, or null when the row lacks part of it. */
    Object key(Object[] row) {
        return key.apply(row);
    }

    /** The header line: the column names in order. */
    String[] header() {
        return columns.stream().map(Column::name).toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static Set<Channel> channels(Object value) {
        return (Set<Channel>) value;
    }

    private static int integer(Object value) {
        return value == null ? 0 : (Integer) value;
    }
}
