package io.roadmirror.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PortsTest {
    @Test
    void freePortsAreDistinctBindableAndOutsideTheRangeOutgoingConnectionsTake() {
        int ephemeral = Ports.ephemeralRangeStart();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = Ports.findFree();
            assertTrue(Ports.isFree(port), "port " + port + " is free when handed out");
            ports.add(port);
            if (ephemeral - Ports.LOWEST_CHOSEN >= 1_000) {
                assertTrue(
                        port >= Ports.LOWEST_CHOSEN && port < ephemeral,
                        "port " + port + " lies below the ephemeral range starting at " + ephemeral
                                + ", where no outgoing connection can take it before it is bound");
            }
        }
        assertEquals(50, ports.size(), "never the same port twice: " + ports);
    }
}
