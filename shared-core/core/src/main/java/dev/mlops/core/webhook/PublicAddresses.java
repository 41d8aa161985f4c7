package dev.mlops.core.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether an address is publicly routable, as MLflow's {@code _is_public_ip} decides (Python's
 * {@code ipaddress.is_global} after unwrapping IPv4-mapped, 6to4 and NAT64 addresses): loopback, private,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, documentation, benchmarking, reserved,
 * multicast and unspecified addresses are not.
 */
public final class PublicAddresses {

    private static final int[][] V4_BLOCKED = {
            {0, 0, 0, 0, 8}, {10, 0, 0, 0, 8}, {100, 64, 0, 0, 10}, {127, 0, 0, 0, 8}, {169, 254, 0, 0, 16},
            {172, 16, 0, 0, 12}, {192, 0, 0, 0, 24}, {192, 0, 2, 0, 24}, {192, 88, 99, 0, 24},
            {192, 168, 0, 0, 16}, {198, 18, 0, 0, 15}, {198, 51, 100, 0, 24}, {203, 0, 113, 0, 24},
            {224, 0, 0, 0, 4}, {240, 0, 0, 0, 4}};

    private PublicAddresses() {
    }

    public static boolean isPublic(InetAddress address) {
        InetAddress ip = embeddedIpv4(address);
        if (ip instanceof Inet4Address v4) {
            byte[] b = v4.getAddress();
            int value = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            for (int[] block : V4_BLOCKED) {
                int net = (block[0] << 24) | (block[1] << 16) | (block[2] << 8) | block[3];
                int mask = block[4] == 0 ? 0 : -1 << (32 - block[4]);
                if ((value & mask) == (net & mask)) {
                    return false;
                }
            }
            return true;
        }
        byte[] b = ip.getAddress();
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        boolean blocked = ip.isAnyLocalAddress() || ip.isLoopbackAddress() || ip.isLinkLocalAddress()
                || ip.isSiteLocalAddress() || ip.isMulticastAddress()
                || (first & 0xfe) == 0xfc                                   // fc00::/7 unique local
                || (first == 0x20 && second == 0x01 && (b[2] & 0xfe) == 0x00) // 2001::/23 IETF assignments
                || (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) // doc
                || (first == 0x01 && second == 0x00 && allZero(b, 2, 8))        // 100::/64 discard
                || allZero(b, 0, 10) && !((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff); // ::/80 reserved
        return !blocked;
    }

    /** IPv4 inside IPv6 transition formats; Java already turns ::ffff:a.b.c.d into an Inet4Address. */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        try {
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {                 // 2002::/16 6to4
                return InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && allZero(b, 4, 12)) {                                            // 64:ff9b::/96 NAT64
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) { // ::ffff:0:0/96
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return address;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
