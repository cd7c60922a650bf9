package io.govclear.catalog;

import io.govclear.security.PersonalData;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Units and charge items. Read on every signed request, so each instance keeps a snapshot in memory and reloads it
 * from the database on a schedule; the database stays the one source of truth for all instances.
 */
@Singleton
public class CatalogService {

    private static final Logger LOG = Logger.getLogger(CatalogService.class);

    @Inject PersonalData personalData;
    private volatile Catalog catalog = Catalog.EMPTY;

    public Catalog current() {
        return catalog;
    }

    public Optional<Catalog.Unit> unit(String code) {
        return catalog.unit(code);
    }

    /** Context that binds an encrypted unit secret to its unit. */
    public static String secretContext(String unitCode) {
        return "unit-secret|" + unitCode;
    }

    /** Reloads the snapshot from the database. */
    public Uni<Void> reload() {
        return Panache.withSession(() -> CollectingUnit.<CollectingUnit>listAll()
                .chain(units -> ChargeItem.<ChargeItem>listAll()
                        .invoke(items -> catalog = build(units, items))))
                .invoke(() -> LOG.debugf("catalog loaded: %d units", catalog.unitsById().size()))
                .replaceWithVoid();
    }

    @Scheduled(every = "${govclear.catalog.refresh-interval}", delayed = "${govclear.catalog.refresh-interval}",
            identity = "catalog-refresh", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload();
    }

    private Catalog build(List<CollectingUnit> units, List<ChargeItem> items) {
        Map<Long, Catalog.Item> itemsById = items.stream()
                .map(CatalogService::toItem)
                .collect(Collectors.toUnmodifiableMap(Catalog.Item::id, Function.identity()));
        Map<Long, Map<String, Catalog.Item>> byUnit = new HashMap<>();
        for (Catalog.Item item : itemsById.values()) {
            byUnit.computeIfAbsent(item.unitId(), id -> new HashMap<>()).put(item.code(), item);
        }
        Map<String, Catalog.Unit> byCode = new HashMap<>();
        Map<Long, Catalog.Unit> byId = new HashMap<>();
        for (CollectingUnit u : units) {
            byte[] secret;
            try {
                secret = personalData.decrypt(u.apiSecretEnc, secretContext(u.code)).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // the unit cannot sign requests until its secret is re-issued; the others keep working
                LOG.errorf("unit %s: its API secret does not decrypt with the configured PII key (%s)", u.code,
                        e.getMessage());
                continue;
            }
            Catalog.Unit unit = new Catalog.Unit(u.id, u.code, u.name, u.regionCode,
                    new LinkedHashSet<>(Arrays.asList(u.allowedChannels.split(","))), secret, u.webhookUrl, u.active,
                    Map.copyOf(byUnit.getOrDefault(u.id, Map.of())));
            byCode.put(unit.code(), unit);
            byId.put(unit.id(), unit);
        }
        return new Catalog(Map.copyOf(byCode), Map.copyOf(byId), itemsById);
    }

    private static Catalog.Item toItem(ChargeItem i) {
        return new Catalog.Item(i.id, i.unitId, i.code, i.name, i.category, i.amountStandard, i.fixedAmountFen,
                i.minAmountFen, i.maxAmountFen, i.lateFeeRule, i.lateFeeBpPerDay, i.lateFeeCapped, i.destination,
                i.incomeClassification, i.shareCentralBp, i.shareProvinceBp, i.shareCityBp, i.shareCountyBp,
                i.shareUnitBp, i.active);
    }
}
