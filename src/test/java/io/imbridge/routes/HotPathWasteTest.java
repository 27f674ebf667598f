package io.imbridge.routes;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.converter.CoreTypeConverterRegistry;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.TypeConverterSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.imbridge.RunningBridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The waste a bridged message must not carry, measured on the running bridge: every element kind of every source,
 * each source bridged to another provider over real HTTP, with Camel's type converter watched. A conversion with no
 * converter of its own is searched for among the fallback converters and the whole converter map on every message
 * (Camel remembers a miss only for a conversion a step requires, not for one it tries); a failed one throws.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotPathWasteTest {

    /** The conversions that reached the fallback converters: none had a converter of its own. */
    static final Queue<String> SEARCHED = new ConcurrentLinkedQueue<>();

    RunningBridge bridge;
    TypeConverterRegistry.Statistics stats;

    @BeforeAll
    void start() throws ReflectiveOperationException {
        // each source to another provider: together every inbound codec and every outbound one
        bridge = RunningBridge.start("bridge.route.mychat", "openim", "bridge.route.openim", "mychat",
                "bridge.route.tencent", "netease", "bridge.route.netease", "tencent");
        TypeConverterRegistry registry = bridge.context().getTypeConverterRegistry();
        stats = countingStatistics(registry);
        // first among the fallbacks (Camel puts one added later first): sees every conversion that gets that far
        registry.addFallbackTypeConverter(new TypeConverterSupport() {
            @Override
            public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
                SEARCHED.add(value.getClass().getName() + " -> " + type.getName());
                return null;
            }
        }, false);
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    /**
     * Camel's counting statistics put into the running registry. camel-main's typeConverterStatisticsEnabled cannot
     * be used: Camel builds the registry, with statistics that count nothing, before it applies that setting.
     */
    static TypeConverterRegistry.Statistics countingStatistics(TypeConverterRegistry registry)
            throws ReflectiveOperationException {
        Constructor<?> counting = Class.forName("org.apache.camel.impl.converter.TypeConverterStatistics")
                .getDeclaredConstructor();
        counting.setAccessible(true);
        Field field = CoreTypeConverterRegistry.class.getDeclaredField("statistics");
        field.setAccessible(true);
        field.set(registry, counting.newInstance());
        return registry.getStatistics();
    }

    private int sendEverySample() {
        List<VendorClients.Sample> samples = VendorClients.samples();
        for (VendorClients.Sample s : samples) {
            HttpResponse<String> r = VendorClients.send(bridge, s.vendor(), VendorClients.prepared(s));
            assertEquals(0, VendorClients.code(s.vendor(), r), s + ": " + r.body());
        }
        return samples.size();
    }

    @Test
    void noBridgedMessageSearchesForAConverter() {
        sendEverySample(); // once first: a path's first use may look up what later uses find at once
        stats.reset();
        SEARCHED.clear();
        int sent = sendEverySample();
        assertTrue(sent > 20, "every element kind of the four sources: " + sent);
        assertTrue(stats.getAttemptCounter() > 0, "the statistics count");
        assertEquals(List.of(), List.copyOf(SEARCHED), "conversions searched for over " + sent + " messages");
        assertEquals(0, stats.getMissCounter(), "conversions with no converter over " + sent + " messages");
        assertEquals(0, stats.getFailedCounter(), "conversions that failed over " + sent + " messages");
    }

    /** The instruments themselves: a conversion no converter makes is searched for and counted as a miss. */
    @Test
    void aConversionNoConverterMakesIsSeen() {
        record Unconvertible(int value) {
        }
        long misses = stats.getMissCounter();
        assertNull(bridge.context().getTypeConverter().convertTo(Unconvertible.class, 42));
        assertEquals(misses + 1, stats.getMissCounter());
        assertTrue(SEARCHED.contains("java.lang.Integer -> " + Unconvertible.class.getName()), SEARCHED::toString);
    }

    @Test
    void noMessageHistoryTracingOrStreamCaching() {
        CamelContext context = bridge.context();
        assertFalse(context.isMessageHistory(), "message history");
        assertFalse(context.isTracing(), "tracing");
        assertFalse(context.isBacklogTracing(), "backlog tracing");
        assertFalse(context.isStreamCaching(), "stream caching (no step reads a body twice)");
    }
}
