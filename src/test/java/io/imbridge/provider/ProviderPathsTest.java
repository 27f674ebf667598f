package io.imbridge.provider;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.imbridge.provider.mychat.MyChatProvider;
import io.imbridge.provider.tencent.TencentProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProviderPathsTest {

    final ProviderPaths paths = new ProviderPaths(List.of(new MyChatProvider(), new TencentProvider()));

    @Test
    void aPathSpeaksItsProvidersDialectUnderItsPrefixOrItsSandbox() {
        assertEquals("mychat", paths.of("/mychat/API/").name());
        assertEquals("mychat", paths.of("/mychat").name());
        assertEquals("tencent", paths.of("/sandbox/tencent/v4/openim/sendmsg").name());
        assertEquals("tencent", paths.of("/tencent/callback").name());
    }

    @Test
    void otherPathsBelongToNoProvider() {
        assertNull(paths.of("/mychatx/API/"));
        assertNull(paths.of("/observe/health"));
        assertNull(paths.of("/admin/dead-letters"));
        assertNull(paths.of("/sandbox/openim/msg/send_msg"));
        assertNull(paths.of(null));
    }
}
