package io.govclear.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable snapshot of units and items, held in memory by {@link CatalogService} for the hot paths. */
public record Catalog(Map<String, Unit> unitsByCode, Map<Long, Unit> unitsById, Map<Long, Item> itemsById) {

    public static final Catalog EMPTY = new Catalog(Map.of(), Map.of(), Map.of());

    public Optional<Unit> unit(String code) {
        return Optional.ofNullable(unitsByCode.get(code));
    }

    public Unit unit(long id) {
        return unitsById.get(id);
    }

    public Item item(long id) {
        return itemsById.get(id);
    }

    /** A unit as the engine needs it: decrypted API secret, its own items by code. */
    public record Unit(long id, String code, String name, String regionCode, Set<String> allowedChannels,
            byte[] apiSecret, String webhookUrl, boolean active, Map<String, Item> itemsByCode) {

        public Optional<Item> item(String code) {
            return Optional.ofNullable(itemsByCode.get(code));
        }
    }

    /** A charge item's rules. Shares are basis points that sum to 10,000. */
    public record Item(long id, long unitId, String code, String name, ItemCategory category,
            AmountStandard amountStandard, Long fixedAmountFen, Long minAmountFen, Long maxAmountFen,
            LateFeeRule lateFeeRule, int lateFeeBpPerDay, boolean lateFeeCapped, Destination destination,
            String incomeClassification, int shareCentralBp, int shareProvinceBp, int shareCityBp,
            int shareCountyBp, int shareUnitBp, boolean active) {
    }
}
