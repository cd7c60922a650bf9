package io.govclear.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

/**
 * The simulators' durable state: one MVStore file (H2's embedded, crash-safe store) holding a map per kind of record,
 * each record as JSON. Every change is committed to the file before the call that made it answers, so a simulator
 * killed with {@code kill -9} and started again still knows every trade it took and every notify it still owes.
 */
@Singleton
public class SimStore {

    private static final Logger LOG = Logger.getLogger(SimStore.class);

    private final MVStore store;
    private final ObjectMapper json;
    private final List<DurableMap<?>> maps = new CopyOnWriteArrayList<>();

    public SimStore(SimulatorConfig config, ObjectMapper json) {
        this.json = json;
        Path file = config.dataFile().toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // no background commits: each change commits itself (DurableMap), so nothing waits in memory for a timer
        this.store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        LOG.infof("simulator state in %s (%d maps)", file, store.getMapNames().size());
    }

    /** The durable map of this name, loaded into memory. */
    public <V> DurableMap<V> map(String name, Class<V> type) {
        DurableMap<V> map = new DurableMap<>(this, store.openMap(name), type, json);
        maps.add(map);
        return map;
    }

    /** Forgets everything: every trade, refund, owed notify and fault (a test run's fresh start). */
    public void clear() {
        maps.forEach(DurableMap::clear);
        // and the maps of simulators not started yet, which would load what was forgotten when they start
        store.getMapNames().forEach(name -> store.openMap(name).clear());
        commit();
        LOG.info("simulator state cleared");
    }

    /** Writes every change made so far to the file. */
    synchronized void commit() {
        store.commit();
    }

    @PreDestroy
    void close() {
        store.close();
    }
}
