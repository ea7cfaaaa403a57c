package io.roadmirror.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class CachedStoreTest {
    private final Map<String, String> backing = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();

    /** A store over a map that counts its reads (only get, put and delete are used). */
    @SuppressWarnings("unchecked")
    private KeyValueStore<String, String> store() {
        return (KeyValueStore<String, String>) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {KeyValueStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> {
                        reads.incrementAndGet();
                        yield backing.get((String) args[0]);
                    }
                    case "put" -> backing.put((String) args[0], (String) args[1]);
                    case "delete" -> backing.remove((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void writesGoThroughAndRecentKeysAreNotReadAgain() {
        CachedStore<String, String> cached = new CachedStore<>(store(), 2);

        cached.put("a", "1");
        assertEquals("1", backing.get("a"), "written through");
        assertEquals("1", cached.get("a"));
        assertEquals(0, reads.get(), "a key just written is not read back");

        backing.put("b", "2");
        assertEquals("2", cached.get("b"));
        assertEquals("2", cached.get("b"));
        assertEquals(1, reads.get(), "read once, then cached");

        cached.put("c", "3"); // over capacity: "a", the least recently used, leaves
        assertEquals("1", cached.get("a"));
        assertEquals(2, reads.get());

        cached.delete("c");
        assertNull(backing.get("c"));
        assertNull(cached.get("c"));
        cached.put("b", null);
        assertNull(backing.get("b"), "a null value is a delete");
        assertNull(cached.get("b"));
    }
}
