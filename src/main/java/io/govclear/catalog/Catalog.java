package io.govclear.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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

    /**
     * A unit as the engine needs it: its decrypted API keys (the current one first, then any still in a rotation's
     * overlap), its webhook signing keys (likewise; none: webhooks are signed with the current API key), its own
     * items by code.
     */
    public record Unit(long id, String code, String name, String regionCode, Set<String> allowedChannels,
            List<Key> apiKeys, List<Key> webhookKeys, String webhookUrl, UnitStatus status,
            Map<String, List<Item>> itemsByCode) {

        /** The version of item {@code code} in force on {@code day}: the latest that took effect by then. */
        public Optional<Item> item(String code, LocalDate day) {
            return versions(code).stream().filter(i -> !i.effectiveFrom().isAfter(day)).findFirst();
        }

        /** Every version of item {@code code}, the latest effective date first. */
        public List<Item> versions(String code) {
            return itemsByCode.getOrDefault(code, List.of());
        }

        /** Not CLOSED: its signed calls are heard (a SUSPENDED unit only cannot issue bills). */
        public boolean open() {
            return status != UnitStatus.CLOSED;
        }

        /** The keys webhooks are signed with at {@code at}, newest first (the unit may check any of them). */
        public List<Key> webhookKeysAt(Instant at) {
            List<Key> webhook = webhookKeys.stream().filter(k -> k.usableAt(at)).toList();
            return webhook.isEmpty() ? apiKeys.stream().filter(k -> k.usableAt(at)).limit(1).toList() : webhook;
        }
    }

    /** One of a unit's secrets: its number, the secret, and until when it verifies (null: it is the current one). */
    public record Key(int no, byte[] secret, Instant validUntil) {

        public boolean usableAt(Instant at) {
            return validUntil == null || at.isBefore(validUntil);
        }
    }

    /**
     * One version of a charge item's rules, in force from {@code effectiveFrom}. Shares are basis points that sum to
     * 10,000.
     */
    public record Item(long id, long unitId, String code, String name, ItemCategory category,
            AmountStandard amountStandard, Long fixedAmountFen, Long minAmountFen, Long maxAmountFen,
            LateFeeRule lateFeeRule, int lateFeeBpPerDay, boolean lateFeeCapped, Destination destination,
            String incomeClassification, int shareCentralBp, int shareProvinceBp, int shareCityBp,
            int shareCountyBp, int shareUnitBp, boolean active, int versionNo, LocalDate effectiveFrom) {
    }
}
