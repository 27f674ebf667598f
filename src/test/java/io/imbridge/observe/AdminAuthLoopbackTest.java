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
}
