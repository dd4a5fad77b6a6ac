package org.leakcheck.function.cap;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A client address reduced to what the daily cap counts: a whole IPv4 address, or the /64 prefix
 * of an IPv6 address (an ISP gives at least a /64 to one subscriber, so its 2^64 addresses are one
 * client). An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is its IPv4 address.
 *
 * <p>Parsed by hand from the literal, strictly: never through {@code InetAddress.getByName}, which
 * resolves a name it does not recognise as a literal. Zone ids, brackets and anything that is not
 * a literal address are refused (empty). The text of an address is never kept, logged or echoed:
 * only {@link #bytes()} leaves this class, and only into an HMAC.
 */
public final class ClientAddress {
    private static final byte IPV4 = 4;
    private static final byte IPV6_PREFIX = 6;
    private static final Pattern IPV4_LITERAL =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    /** A family byte, then 4 bytes (IPv4) or the 8 bytes of the /64 (IPv6). */
    private final byte[] bytes;

    private ClientAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address of a literal IPv4 or IPv6 address, or empty when {@code text} is not one. */
    public static Optional<ClientAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0) {
            return ipv4(text).map(ClientAddress::ofIpv4);
        }
        return ipv6(text).map(ClientAddress::ofIpv6);
    }

    /**
     * The address in CloudFront's {@code CloudFront-Viewer-Address} header: the viewer's address
     * and source port, {@code 203.0.113.1:4711} or, for IPv6, unbracketed {@code 2001:db8::1:4711}.
     */
    public static Optional<ClientAddress> fromViewerAddress(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            return Optional.empty();
        }
        String port = value.substring(colon + 1);
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(port) > 65_535) {
            return Optional.empty();
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return parse(host);
    }

    /** What the cap's HMAC is computed over: a family byte and the counted bytes. */
    byte[] bytes() {
        return bytes.clone();
    }

    /** True for the /64 of an IPv6 address. */
    public boolean isIpv6Prefix() {
        return bytes[0] == IPV6_PREFIX;
    }

    private static ClientAddress ofIpv4(byte[] address) {
        byte[] b = new byte[5];
        b[0] = IPV4;
        System.arraycopy(address, 0, b, 1, 4);
        return new ClientAddress(b);
    }

    private static ClientAddress ofIpv6(byte[] address) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= address[i] == 0;
        }
        if (mapped && address[10] == (byte) 0xff && address[11] == (byte) 0xff) {
            return ofIpv4(Arrays.copyOfRange(address, 12, 16));
        }
        byte[] b = new byte[9];
        b[0] = IPV6_PREFIX;
        System.arraycopy(address, 0, b, 1, 8);
        return new ClientAddress(b);
    }

    private static Optional<byte[]> ipv4(String text) {
        if (!IPV4_LITERAL.matcher(text).matches()) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            address[i] = (byte) Integer.parseInt(parts[i]);
        }
        return Optional.of(address);
    }

    /** RFC 4291 §2.2 text forms: eight groups, one "::" at most, an IPv4 dotted quad as the last 32 bits. */
    private static Optional<byte[]> ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int[] headGroups = groups(head);
        int[] tailGroups = groups(tail);
        if (headGroups == null || tailGroups == null) {
            return Optional.empty();
        }
        int count = headGroups.length + tailGroups.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return Optional.empty();
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] address = new byte[16];
        for (int i = 0; i < 8; i++) {
            address[2 * i] = (byte) (all[i] >>> 8);
            address[2 * i + 1] = (byte) all[i];
        }
        return Optional.of(address);
    }

    /** The 16-bit groups of one side of "::" (an IPv4 quad at its end counts as two), or null. */
    private static int[] groups(String side) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int[] groups = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                Optional<byte[]> quad = ipv4(part);
                if (quad.isEmpty()) {
                    return null;
                }
                byte[] q = quad.get();
                groups[n++] = (q[0] & 0xff) << 8 | (q[1] & 0xff);
                groups[n++] = (q[2] & 0xff) << 8 | (q[3] & 0xff);
            } else if (HEX_GROUP.matcher(part).matches()) {
                groups[n++] = Integer.parseInt(part, 16);
            } else {
                return null;
            }
        }
        return Arrays.copyOf(groups, n);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientAddress a && Arrays.equals(bytes, a.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Never the address: it must not reach a log line by accident. */
    @Override
    public String toString() {
        return isIpv6Prefix() ? "ClientAddress[IPv6 /64]" : "ClientAddress[IPv4]";
    }
}
