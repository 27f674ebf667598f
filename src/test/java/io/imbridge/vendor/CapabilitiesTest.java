package io.imbridge.vendor;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.imbridge.canonical.Element;
import io.imbridge.vendor.mychat.MyChatVendor;
import io.imbridge.vendor.netease.NetEaseVendor;
import io.imbridge.vendor.openim.OpenImVendor;
import io.imbridge.vendor.tencent.TencentVendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each vendor's capability table accounts for every element kind: carried, or degraded by a stated rule. */
class CapabilitiesTest {

    static Stream<Vendor> vendors() {
        return Stream.of(new MyChatVendor(), new OpenImVendor(), new TencentVendor(), new NetEaseVendor());
    }

    @ParameterizedTest
    @MethodSource("vendors")
    void everyKindIsCarriedOrHasADegradationRule(Vendor v) {
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
}
