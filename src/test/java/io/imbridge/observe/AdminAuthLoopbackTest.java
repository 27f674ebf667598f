package io.imbridge.observe;

import org.junit.jupiter.api.Test;

import io.vertx.core.net.SocketAddress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With no admin token configured, only loopback callers are served. */
class AdminAuthLoopbackTest {

    @Test
    void onlyLoopbackAddressesCount() {
        assertTrue(AdminAuth.isLoopback(SocketAddress.inetSocketAddress(5000, "127.0.0.1")));
        assertTrue(AdminAuth.isLoopback(SocketAddress.inetSocketAddress(5000, "::1")));
        assertFalse(AdminAuth.isLoopback(SocketAddress.inetSocketAddress(5000, "10.1.2.3")));
        assertFalse(AdminAuth.isLoopback(SocketAddress.inetSocketAddress(5000, "192.168.0.7")));
        assertFalse(AdminAuth.isLoopback(null));
    }

    @Test
    void onlyLoopbackHostNamesCount() {
        for (String ok : new String[] {"127.0.0.1:8080", "localhost", "LOCALHOST:1", "[::1]:8080", "[::1]"}) {
            assertTrue(AdminAuth.loopbackHost(ok), ok);
        }
        // a name rebound to 127.0.0.1 by its DNS, or a look-alike
        for (String bad : new String[] {"rebind.evil.example:8080", "127.0.0.1.evil.example", "localhost.evil",
                "127.0.0.1:80x", "[::1].evil", "", "[::2]:80"}) {
            assertFalse(AdminAuth.loopbackHost(bad), bad);
        }
        assertFalse(AdminAuth.loopbackHost(null));
    }
}
