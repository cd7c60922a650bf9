package io.govclear.security;

import io.govclear.catalog.Catalog;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which collecting units a staff user sees: every unit, or a UNIT_OFFICER's own (staff_unit_scope), in every list,
 * page and export. Repositories take the answer as a set of unit ids, null meaning every unit.
 */
public final class UnitScope {

    private UnitScope() {
    }

    /** The units whose bills, figures and webhooks this user sees, by code. */
    public static List<Catalog.Unit> visible(StaffUser user, Catalog catalog) {
        return catalog.unitsByCode().values().stream().filter(u -> user.sees(u.code()))
                .sorted(Comparator.comparing(Catalog.Unit::code)).toList();
    }

    /** The ids of a UNIT_OFFICER's units, or null for staff who see every unit. */
    public static Set<Long> ids(StaffUser user, Catalog catalog) {
        return user.scoped() ? visible(user, catalog).stream().map(Catalog.Unit::id).collect(Collectors.toSet())
                : null;
    }

    /**
     * The units a filter naming {@code unitCode} (null: none) covers for this user: that unit, or none at all when it
     * does not exist or is outside the user's scope (never an error that tells which units exist); without a unit,
     * {@link #ids}.
     */
    public static Set<Long> narrowed(StaffUser user, Catalog catalog, String unitCode) {
        if (unitCode == null) {
            return ids(user, catalog);
        }
        Catalog.Unit unit = catalog.unitsByCode().get(unitCode);
        return unit == null || !user.sees(unit.code()) ? Set.of() : Set.of(unit.id());
    }
}
