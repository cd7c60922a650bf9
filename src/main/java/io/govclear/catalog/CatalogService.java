package io.govclear.catalog;

import io.govclear.catalog.admin.CredentialRepository;
import io.govclear.catalog.admin.CredentialRepository.Purpose;
import io.govclear.catalog.admin.CredentialRepository.StoredKey;
import io.govclear.security.PersonalData;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
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
    @Inject CredentialRepository credentials;
    @Inject Clock clock;
    private volatile Catalog catalog = Catalog.EMPTY;

    public Catalog current() {
        return catalog;
    }

    public Optional<Catalog.Unit> unit(String code) {
        return catalog.unit(code);
    }

    /** Context that binds an encrypted unit secret to its unit and purpose (API keys keep V1's context). */
    public static String secretContext(String unitCode, Purpose purpose) {
        return purpose == Purpose.API ? "unit-secret|" + unitCode : "unit-webhook-secret|" + unitCode;
    }

    /** Reloads the snapshot from the database. */
    public Uni<Void> reload() {
        return Panache.withSession(() -> CollectingUnit.<CollectingUnit>listAll()
                .chain(units -> ChargeItem.<ChargeItem>listAll()
                        .chain(items -> credentials.usable(clock.instant())
                                .invoke(keys -> catalog = build(units, items, keys)))))
                .invoke(() -> LOG.debugf("catalog loaded: %d units", catalog.unitsById().size()))
                .replaceWithVoid();
    }

    @Scheduled(every = "${govclear.catalog.refresh-interval}", delayed = "${govclear.catalog.refresh-interval}",
            identity = "catalog-refresh", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload();
    }

    private Catalog build(List<CollectingUnit> units, List<ChargeItem> items, List<StoredKey> keys) {
        Map<Long, Catalog.Item> itemsById = items.stream()
                .map(CatalogService::toItem)
                .collect(Collectors.toUnmodifiableMap(Catalog.Item::id, Function.identity()));
        Map<Long, Map<String, List<Catalog.Item>>> byUnit = new HashMap<>();
        for (Catalog.Item item : itemsById.values()) {
            byUnit.computeIfAbsent(item.unitId(), id -> new HashMap<>())
                    .computeIfAbsent(item.code(), code -> new ArrayList<>()).add(item);
        }
        byUnit.values().forEach(codes -> codes.replaceAll((code, versions) -> versions.stream()
                .sorted(Comparator.comparing(Catalog.Item::effectiveFrom).reversed()).toList()));
        Map<String, Catalog.Unit> byCode = new HashMap<>();
        Map<Long, Catalog.Unit> byId = new HashMap<>();
        Map<Long, String> codes = units.stream().collect(Collectors.toMap(u -> u.id, u -> u.code));
        Map<Long, Map<Purpose, List<Catalog.Key>>> keysByUnit = new HashMap<>();
        for (StoredKey k : keys) {
            String code = codes.get(k.unitId());
            if (code == null) {
                continue;
            }
            try {
                byte[] secret = personalData.decrypt(k.secretEnc(), secretContext(code, k.purpose()))
                        .getBytes(StandardCharsets.UTF_8);
                keysByUnit.computeIfAbsent(k.unitId(), id -> new EnumMap<>(Purpose.class))
                        .computeIfAbsent(k.purpose(), p -> new ArrayList<>())
                        .add(new Catalog.Key(k.no(), secret, k.validUntil()));
            } catch (IllegalArgumentException e) {
                // that key cannot verify until it is re-issued; the unit's other keys and the other units work
                LOG.errorf("unit %s: its %s key %d does not decrypt with the configured PII key (%s)", code,
                        k.purpose(), k.no(), e.getMessage());
            }
        }
        for (CollectingUnit u : units) {
            Map<Purpose, List<Catalog.Key>> unitKeys = keysByUnit.getOrDefault(u.id, Map.of());
            Catalog.Unit unit = new Catalog.Unit(u.id, u.code, u.name, u.regionCode,
                    new LinkedHashSet<>(Arrays.asList(u.allowedChannels.split(","))),
                    List.copyOf(unitKeys.getOrDefault(Purpose.API, List.of())),
                    List.copyOf(unitKeys.getOrDefault(Purpose.WEBHOOK, List.of())), u.webhookUrl, u.status,
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
                i.shareUnitBp, i.active, i.versionNo, i.effectiveFrom);
    }
}
