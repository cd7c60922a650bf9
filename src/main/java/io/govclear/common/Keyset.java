package io.govclear.common;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Streams a query of any size a page at a time by keyset: each page starts after the key of the last row read, so
 * memory stays flat and no query runs long. The pages end with the first one shorter than {@code size}.
 */
public final class Keyset {

    private Keyset() {
    }

    /**
     * The pages, none empty: {@code page} reads at most {@code size} rows after the given key (the {@code first} key
     * for the first page); {@code key} tells a row's key. An export writes a page as one chunk, not a row at a time.
     */
    public static <T, K> Multi<List<T>> pages(K first, int size, Function<K, Uni<List<T>>> page, Function<T, K> key) {
        AtomicReference<K> after = new AtomicReference<>(first);
        return Multi.createBy().repeating()
                .uni(() -> page.apply(after.get()).invoke(rows -> {
                    if (!rows.isEmpty()) {
                        after.set(key.apply(rows.get(rows.size() - 1)));
                    }
                }))
                .whilst(rows -> rows.size() == size)
                .select().where(rows -> !rows.isEmpty());
    }
}
