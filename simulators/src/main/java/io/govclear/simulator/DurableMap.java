package io.govclear.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.h2.mvstore.MVMap;

/**
 * A concurrent map whose every change is also written, as JSON, to the simulators' store file and committed before
 * the change returns. Reads are served from memory. Changes to one key are atomic (the in-memory map's compute), and
 * the file sees them in the same order.
 */
public final class DurableMap<V> {

    private final SimStore store;
    private final MVMap<String, String> disk;
    private final Class<V> type;
    private final ObjectMapper json;
    private final ConcurrentHashMap<String, V> memory = new ConcurrentHashMap<>();

    DurableMap(SimStore store, MVMap<String, String> disk, Class<V> type, ObjectMapper json) {
        this.store = store;
        this.disk = disk;
        this.type = type;
        this.json = json;
        disk.forEach((key, value) -> memory.put(key, read(value)));
    }

    public V get(String key) {
        return memory.get(key);
    }

    public Collection<V> values() {
        return Collections.unmodifiableCollection(memory.values());
    }

    /** The values in the order of their keys. */
    public List<V> sorted() {
        return new TreeMap<>(memory).values().stream().toList();
    }

    public int size() {
        return memory.size();
    }

    /** Stores the value unless the key is taken; returns what was there (null when stored). */
    public V putIfAbsent(String key, V value) {
        boolean[] stored = { false };
        V before = memory.computeIfAbsent(key, k -> {
            write(k, value);
            stored[0] = true;
            return value;
        });
        return stored[0] ? null : before;
    }

    public void put(String key, V value) {
        memory.compute(key, (k, old) -> {
            write(k, value);
            return value;
        });
    }

    public V computeIfAbsent(String key, Function<String, V> create) {
        return memory.computeIfAbsent(key, k -> {
            V created = create.apply(k);
            if (created != null) {
                write(k, created);
            }
            return created;
        });
    }

    /** As ConcurrentHashMap's: a null result removes the key; an unchanged (same) value writes nothing. */
    public V computeIfPresent(String key, BiFunction<String, V, V> change) {
        return memory.computeIfPresent(key, (k, old) -> changed(k, old, change.apply(k, old)));
    }

    public V compute(String key, BiFunction<String, V, V> change) {
        return memory.compute(key, (k, old) -> changed(k, old, change.apply(k, old)));
    }

    /** Removes the key; returns what was there. */
    public V remove(String key) {
        List<V> removed = new ArrayList<>(1);
        memory.computeIfPresent(key, (k, old) -> {
            removed.add(old);
            return changed(k, old, null);
        });
        return removed.isEmpty() ? null : removed.get(0);
    }

    /** Removes every key (the caller commits). */
    void clear() {
        memory.clear();
        disk.clear();
    }

    private V changed(String key, V old, V now) {
        if (now == null) {
            if (old != null) {
                disk.remove(key);
                store.commit();
            }
        } else if (now != old) {
            write(key, now);
        }
        return now;
    }

    private void write(String key, V value) {
        try {
            disk.put(key, json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + type.getSimpleName() + " " + key, e);
        }
        store.commit();
    }

    private V read(String value) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " in the simulator store", e);
        }
    }
}
