package org.leakcheck.function.cap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Parsing and reducing client addresses. Pure Java. */
class ClientAddressTest {
    private static ClientAddress of(String text) {
        return ClientAddress.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    @Test
    void countsAnIpv4AddressWhole() {
        assertArrayEquals(new byte[] {4, (byte) 203, 0, 113, 7}, of("203.0.113.7").bytes());
        assertNotEquals(of("203.0.113.7"), of("203.0.113.8"));
        assertFalse(of("203.0.113.7").isIpv6Prefix());
    }

    @Test
    void countsAnIpv6AddressByItsSlash64() {
        assertEquals(of("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), of("2001:db8:1:2::1"));
        assertEquals(of("2001:0db8:0001:0002:0000:0000:0000:0001"), of("2001:db8:1:2::"));
        assertNotEquals(of("2001:db8:1:2::1"), of("2001:db8:1:3::1"));
        assertArrayEquals(new byte[] {6, 0x20, 0x01, 0x0d, (byte) 0xb8, 0, 1, 0, 2}, of("2001:DB8:1:2::1").bytes());
        assertTrue(of("::1").isIpv6Prefix());
    }

    @Test
    void countsAnIpv4MappedIpv6AddressAsItsIpv4Address() {
        assertEquals(of("198.51.100.9"), of("::ffff:198.51.100.9"));
        assertEquals(of("198.51.100.9"), of("::ffff:c633:6409"));
    }

    @Test
    void refusesWhatIsNotALiteralAddressWithoutResolvingIt() {
        for (String text : List.of("", "localhost", "example.org", "1.2.3", "1.2.3.4.5", "01.2.3.4", "256.1.1.1",
                "1.2.3.4 ", "0x7f.0.0.1", "2001:db8::1::2", "2001:db8:1:2:3:4:5:6:7", "1:2:3:4:5:6:7", "fe80::1%eth0",
                "[2001:db8::1]", "2001:db8::g", "12345::1", ":::", "1.2.3.4:80")) {
            assertEquals(Optional.empty(), ClientAddress.parse(text), text);
        }
        assertEquals(Optional.empty(), ClientAddress.parse(null));
    }

    @Test
    void readsTheViewerAddressHeaderOfCloudFront() {
        assertEquals(of("203.0.113.7"), ClientAddress.fromViewerAddress("203.0.113.7:4711").orElseThrow());
        assertEquals(of("2001:db8:1:2::"), ClientAddress.fromViewerAddress("2001:db8:1:2::99:4711").orElseThrow());
        assertEquals(of("2001:db8:1:2::"), ClientAddress.fromViewerAddress("[2001:db8:1:2::99]:4711").orElseThrow());
        for (String header : List.of("203.0.113.7", "203.0.113.7:", ":4711", "203.0.113.7:70000", "203.0.113.7:x",
                "host:443", "")) {
            assertEquals(Optional.empty(), ClientAddress.fromViewerAddress(header), header);
        }
    }

    @Test
    void neverShowsTheAddressInItsText() {
        assertFalse(of("203.0.113.7").toString().contains("203"));
        assertFalse(of("2001:db8::1").toString().contains("db8"));
    }
}
