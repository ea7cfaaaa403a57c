package io.roadmirror.streams;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A time-ordered index of "look at this key again at event time T", in a key-value store whose
 * keys sort by time (zero-padded millis, then the key). Finding what is due is one range scan
 * from the start: time-driven rules (silent segments, incidents leaving a 24 h window, forgotten
 * vehicles) never scan all their state.
 *
 * <p>The scan starts at the earliest time that can still hold an entry, not at time 0: the index is
 * a queue (entries taken from the front are deleted), and RocksDB keeps a deleted key as a
 * tombstone until compaction, so a seek from 0 walks every entry ever taken since then — a cost
 * that grew with the hours of event time behind the index (it was the mirror's largest, when the
 * mirror's reviews were such an index; they are rebuilt from its ledgers now, mirror.ReviewSchedule).
 */
public final class ExpiryIndex {
    private static final int WIDTH = 15;
    private final KeyValueStore<String, String> store;
    /** No entry is earlier than this (in memory: after a restart, the first scan starts at 0 once). */
    private long earliest = 0;

    public ExpiryIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    public static StoreBuilder<KeyValueStore<String, String>> storeBuilder(String name) {
        // Behind the object cache like the other stores: an entry moved again before the next commit never reaches
        // RocksDB, and a put costs no serialization and no sorted byte cache (Kafka Streams' record cache: 2 % of the
        // connected drain, when the mirror's reviews were such an index).
        return StoreBuilders.keyValue(name, Serdes.String(), StoreBuilders.DEFAULT_CACHED);
    }

    private static String entry(long at, String key) {
        String time = Long.toString(Math.max(0, at));
        return "0".repeat(Math.max(0, WIDTH - time.length())) + time + "|" + key;
    }

    /** Moves a key's entry from {@code previous} to {@code next} (either may be null: none). */
    public void reschedule(String key, Long previous, Long next) {
        if (previous != null && previous.equals(next)) {
            return;
        }
        if (previous != null) {
            remove(entry(previous, key));
        }
        if (next != null) {
            store.put(entry(next, key), key);
            earliest = Math.min(earliest, Math.max(0, next));
        }
    }

    /**
     * Makes sure the key is looked at again no later than {@code wanted}, moving its entry only when
     * that is earlier than the time already scheduled. A key whose next time keeps moving later (a
     * segment or vehicle that keeps reporting) is then written to the index once per period instead
     * of on every record; when its early entry comes due, its owner finds nothing expired yet and
     * schedules the real time.
     *
     * @param scheduled the time the key's entry is at, or null when it has none
     * @return the time the key's entry is at now (null: none)
     */
    public Long keepNoLaterThan(String key, Long scheduled, Long wanted) {
        if (wanted != null && scheduled != null && scheduled <= wanted) {
            return scheduled;
        }
        reschedule(key, scheduled, wanted);
        return wanted;
    }

    /** A put of null deletes without reading the old value back, which {@code delete} does (a RocksDB get each). */
    private void remove(String entry) {
        store.put(entry, null);
    }

    /** Removes and returns the keys due at or before {@code now}, oldest first, each once. */
    public List<String> takeDue(long now) {
        Set<String> keys = new LinkedHashSet<>();
        takeDueAt(now).forEach(due -> keys.add(due.key()));
        return new ArrayList<>(keys);
    }

    /** A key due at an event time. */
    public record Due(long at, String key) {}

    /**
     * Removes and returns the entries due at or before {@code now} with their times, oldest first,
     * so a rule can judge each key as of the very time it was due, not as of whenever it was found.
     */
    public List<Due> takeDueAt(long now) {
        List<Due> due = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        if (now < earliest) {
            return due;
        }
        try (KeyValueIterator<String, String> it = store.range(entry(earliest, ""), entry(now, "\uffff"))) {
            while (it.hasNext()) {
                KeyValue<String, String> next = it.next();
                entries.add(next.key);
                due.add(new Due(Long.parseLong(next.key.substring(0, WIDTH)), next.value));
            }
        }
        entries.forEach(this::remove);
        earliest = Math.max(earliest, now + 1); // everything due through now is taken
        return due;
    }
}
