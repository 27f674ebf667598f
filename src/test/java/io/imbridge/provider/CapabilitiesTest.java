package io.imbridge.provider;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.imbridge.canonical.Element;
import io.imbridge.provider.mychat.MyChatProvider;
import io.imbridge.provider.netease.NetEaseProvider;
import io.imbridge.provider.openim.OpenImProvider;
import io.imbridge.provider.tencent.TencentProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each vendor's capability table accounts for every element kind: carried, or degraded by a stated rule. */
class CapabilitiesTest {

    static Stream<Provider> vendors() {
        return Stream.of(new MyChatProvider(), new OpenImProvider(), new TencentProvider(), new NetEaseProvider());
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void everyKindIsCarriedOrHasADegradationRule(Provider v) {
        Set<String> all = new HashSet<>();
        for (Class<?> k : Element.class.getPermittedSubclasses()) {
            all.add(k.getSimpleName().toLowerCase());
        }
        Capabilities c = v.capabilities();
        Set<String> covered = new HashSet<>(c.kinds());
        covered.addAll(c.degradations().keySet());
        assertEquals(all, covered, v.name());
        c.degradations().keySet().forEach(k -> assertTrue(!c.carries(k), k + " both carried and degraded"));
    }

    /** The limits each provider states, as published (docs/providers.md, each provider's limits): Tencent's sizes,
     * NetEase's toAccids, attach and ext, OpenIM's arrays, MyChat's one UserTo; none elsewhere. */
    @Test
    void theLimitsAreThePublishedOnes() {
        int none = Integer.MAX_VALUE;
        assertEquals(new Limits(8 * 1024, 12 * 1024, 1, none, none, none), new TencentProvider().capabilities().limits());
        assertEquals(new Limits(none, none, 100, 4096, 4096, none), new NetEaseProvider().capabilities().limits());
        assertEquals(new Limits(none, none, 1, none, none, 1000), new OpenImProvider().capabilities().limits());
        assertEquals(new Limits(none, none, 1, none, none, none), new MyChatProvider().capabilities().limits());
    }
}
