package io.govclear.order.service;

import io.govclear.catalog.Catalog;
import io.govclear.common.GovClearConfig;
import io.govclear.order.PaymentCodes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Hands out payment codes. Numbers come from one database sequence in blocks of {@link #BLOCK} (the sequence's
 * increment), so instances never collide and the hot path rarely touches the sequence.
 */
@Singleton
public class PaymentCodeAllocator {

    /** Must equal the INCREMENT BY of payment_code_seq. */
    static final int BLOCK = 100;

    @Inject Pool pool;
    private final PaymentCodes codes;
    private final ArrayDeque<long[]> blocks = new ArrayDeque<>();

    public PaymentCodeAllocator(GovClearConfig config) {
        this.codes = new PaymentCodes(Base64.getDecoder().decode(config.security().paymentCodeKey()));
    }

    /** {@code count} fresh codes for bills of this unit issued today. */
    public Uni<List<String>> allocate(Catalog.Unit unit, LocalDate today, int count) {
        return numbers(count)
                .map(numbers -> {
                    List<String> out = new ArrayList<>(count);
                    for (long n : numbers) {
                        out.add(codes.format(unit.regionCode(), today.getYear(), n));
                    }
                    return out;
                });
    }

    private Uni<List<Long>> numbers(int count) {
        List<Long> numbers = take(count);
        if (numbers.size() == count) {
            return Uni.createFrom().item(numbers);
        }
        int missingBlocks = (count - numbers.size() + BLOCK - 1) / BLOCK;
        return pool.preparedQuery("SELECT nextval('payment_code_seq') AS start FROM generate_series(1, $1)")
                .execute(Tuple.of(missingBlocks))
                .invoke(rows -> {
                    synchronized (blocks) {
                        for (Row row : rows) {
                            long start = row.getLong("start");
                            blocks.addLast(new long[] { start, start + BLOCK });
                        }
                    }
                })
                // other requests may have drawn from the new blocks meanwhile: take what is left, again
                .chain(() -> numbers(count - numbers.size()))
                .map(rest -> {
                    numbers.addAll(rest);
                    return numbers;
                });
    }

    private List<Long> take(int count) {
        List<Long> out = new ArrayList<>(count);
        synchronized (blocks) {
            while (out.size() < count && !blocks.isEmpty()) {
                long[] block = blocks.peekFirst();
                out.add(block[0]++);
                if (block[0] == block[1]) {
                    blocks.removeFirst();
                }
            }
        }
        return out;
    }
}
