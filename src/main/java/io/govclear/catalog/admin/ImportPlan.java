package io.govclear.catalog.admin;

import io.govclear.catalog.UnitStatus;
import io.govclear.catalog.admin.UnitRepository.StoredUnit;
import io.govclear.catalog.bulk.Line;
import io.govclear.catalog.bulk.Parsed;
import io.govclear.common.ProblemException.CellError;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an uploaded catalog file would change, checked against the catalog as it is: each unit row creates a unit or
 * edits one (a row equal to the unit as it is changes nothing and is counted), each item row adds a version of a
 * standard. Beside the file's own errors ({@link Parsed#errors()}), a row is wrong when its unit is closed, when an
 * item's unit is neither in the catalog nor among the file's valid unit rows, when an item's version starts before
 * today, or when the unit has a version of the item from that date already.
 *
 * @param units the units to create or edit, in file order
 * @param items the item versions to add, in file order
 * @param unchanged how many unit rows equal the unit as it is
 * @param errors every error of the file, by sheet and row
 */
public record ImportPlan(List<UnitChange> units, List<Line<ItemDraft>> items, int unchanged, List<CellError> errors) {

    /** A unit row that changes the catalog: a new unit, or new fields for one at {@code baseVersion}. */
    public record UnitChange(int row, UnitDraft unit, Integer baseVersion) {

        public boolean creates() {
            return baseVersion == null;
        }
    }

    /** An item version as a key: the unit's code, the item's code and the date it takes effect. */
    public record VersionKey(String unitCode, String code, LocalDate effectiveFrom) {
    }

    /**
     * @param existing the catalog's units by code (at least those the file names)
     * @param versions the item versions the catalog has (at least those of the units the file names)
     */
    public static ImportPlan of(Parsed parsed, Map<String, StoredUnit> existing, Set<VersionKey> versions,
            LocalDate today) {
        List<CellError> errors = new ArrayList<>(parsed.errors());
        List<UnitChange> units = new ArrayList<>();
        Set<String> usable = new HashSet<>();
        int unchanged = 0;
        for (Line<UnitDraft> line : parsed.units()) {
            UnitDraft draft = line.draft();
            StoredUnit stored = existing.get(draft.code());
            if (stored != null && stored.status() == UnitStatus.CLOSED) {
                errors.add(new CellError("units", line.row(), "code", "unit " + draft.code()
                        + " is closed: a closed unit is never changed"));
                continue;
            }
            usable.add(draft.code());
            if (stored == null) {
                units.add(new UnitChange(line.row(), draft, null));
            } else if (stored.draft().equals(draft)) {
                unchanged++;
            } else {
                units.add(new UnitChange(line.row(), draft, stored.version()));
            }
        }
        List<Line<ItemDraft>> items = new ArrayList<>();
        for (Line<ItemDraft> line : parsed.items()) {
            ItemDraft item = line.draft();
            StoredUnit stored = existing.get(item.unitCode());
            if (!usable.contains(item.unitCode())
                    && (stored == null || stored.status() == UnitStatus.CLOSED)) {
                errors.add(new CellError("items", line.row(), "unitCode", stored == null
                        ? "no unit " + item.unitCode() + " in the catalog or among the file's valid unit rows"
                        : "unit " + item.unitCode() + " is closed"));
            } else if (item.effectiveFrom().isBefore(today)) {
                errors.add(new CellError("items", line.row(), "effectiveFrom", "must be today (" + today
                        + ") or later: no change rewrites history"));
            } else if (versions.contains(new VersionKey(item.unitCode(), item.code(), item.effectiveFrom()))) {
                errors.add(new CellError("items", line.row(), "effectiveFrom", "unit " + item.unitCode()
                        + " has a version of " + item.code() + " from " + item.effectiveFrom() + " already"));
            } else {
                items.add(line);
            }
        }
        // units before items (as a workbook's sheets), each by row; a row's errors stay in column order
        errors.sort(Comparator.comparing((CellError e) -> !"units".equals(e.sheet())).thenComparingInt(CellError::row));
        return new ImportPlan(List.copyOf(units), List.copyOf(items), unchanged, List.copyOf(errors));
    }

    /** Whether the file would change anything. */
    public boolean changes() {
        return !units.isEmpty() || !items.isEmpty();
    }
}
