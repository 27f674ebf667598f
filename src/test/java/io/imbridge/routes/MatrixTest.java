package io.imbridge.routes;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.RunningBridge;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.PublishedCodes;

import static io.imbridge.routes.VendorClients.VENDORS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every source dialect × every target provider, over real HTTP into the sandboxes: every element kind each source
 * has arrives with its sender, recipient and content (a same-vendor pass-through unchanged), and every code each
 * target can answer comes back to every caller as the caller's code for the same category.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatrixTest {

    final Map<String, RunningBridge> bridges = new HashMap<>();

    @BeforeAll
    void start() {
        for (String target : VENDORS) {
            Map<String, String> routes = new HashMap<>();
            VENDORS.forEach(source -> routes.put("bridge.route." + source, target));
            // translation, not retrying, is tested here: a target's first answer is final (DeliveryFaultsTest retries)
            // (0, not 1: a try that failed within the millisecond it began would get a second try within 1 ms)
            routes.put("bridge.delivery.sync-deadline-ms", "0");
            // queued (rate-limited) messages must not be retried meanwhile: they would take the next case's fault
            routes.put("bridge.queue.poll-ms", "3600000");
            bridges.put(target, RunningBridge.start(routes));
        }
    }

    @AfterAll
    void stop() {
        bridges.values().forEach(RunningBridge::close);
    }

    static Stream<Arguments> deliveries() {
        return VendorClients.samples().stream().flatMap(s -> VENDORS.stream().map(t -> Arguments.of(s, t)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("deliveries")
    void everyKindFromEverySourceArrivesAtEveryTarget(VendorClients.Sample sample, String target) {
        RunningBridge b = bridges.get(target);
        b.clearSandbox(target);
        String request = VendorClients.prepared(sample);
        HttpResponse<String> r = VendorClients.send(b, sample.vendor(), request);
        assertEquals(0, VendorClients.code(sample.vendor(), r), r.body());

        JsonNode got = b.received(target);
        assertEquals(1, got.size(), got.toString());
        JsonNode arrived = got.get(0).get("request");
        VendorClients.Arrival a = VendorClients.arrival(target, arrived);
        assertEquals("alice", a.sender());
        assertEquals(List.of("bob"), a.recipients());

        List<Element> sent = VendorClients.elementsOf(sample);
        if (target.equals(sample.vendor())) {
            assertEquals(sent, a.elements());
            assertEquals(sourceRequest(sample.vendor(), request), withoutCredentials(target, arrived),
                    "a pass-through is lossless");
        } else {
            assertEquals(VendorClients.carried(target, sent), a.elements());
        }
        String essence = VendorClients.essence(sent.get(0));
        assertTrue(a.elements().toString().contains(essence), () -> essence + " dropped: " + a.elements());
    }

    private static JsonNode sourceRequest(String vendor, String request) {
        if (vendor.equals("netease")) {
            return VendorClients.formObject(request);
        }
        return withoutCredentials(vendor, Json.parseOrNull(request));
    }

    /** MyChat's ServerKey is each side's own credential; everything else must match. */
    private static JsonNode withoutCredentials(String vendor, JsonNode request) {
        ObjectNode copy = ((ObjectNode) request).deepCopy();
        if (vendor.equals("mychat")) {
            copy.remove("ServerKey");
        }
        return copy;
    }

    /** Every (code, HTTP status) each target may answer, as the vendors publish them (docs/providers.md). */
    static Stream<Arguments> targetErrors() {
        return VENDORS.stream().flatMap(target -> PublishedCodes.targetAnswers(target).stream()
                .flatMap(answer -> VENDORS.stream().map(caller -> Arguments.of(target, answer[0], answer[1], caller))));
    }

    @ParameterizedTest(name = "{0} answers {1} (HTTP {2}) -> {3}")
    @MethodSource("targetErrors")
    void everyTargetCodeComesBackInEveryCallersDialect(String target, int code, int status, String caller) {
        RunningBridge b = bridges.get(target);
        b.fault(target, code, status, 1);
        VendorClients.Sample text = VendorClients.samples().stream()
                .filter(s -> s.vendor().equals(caller)).findFirst().orElseThrow();
        HttpResponse<String> r = VendorClients.send(b, caller, VendorClients.prepared(text));
        ErrorCategory meaning = PublishedCodes.MEANS.get(target).get(code);
        int expected;
        if (target.equals("openim") && code >= 1501 && code <= 1507) {
            // token codes (docs/providers.md#openim-api-called): the bridge renews its OpenIM token once and the
            // retry goes through
            expected = 0;
        } else if (status < 500 && meaning == ErrorCategory.RATE_LIMITED) {
            expected = 0; // a rate-limited target is slowed down for: the message is queued, the caller answered
        } else {
            ErrorCategory category = status >= 500 ? ErrorCategory.UNAVAILABLE : meaning;
            if (category == ErrorCategory.AUTH_FAILED) {
                category = ErrorCategory.BRIDGE_CONFIG; // the bridge's own credentials: a server error for the caller
            }
            int expectedStatus;
            if (caller.equals(target) && category == meaning) {
                // same provider, same meaning: the caller gets the target's own code, in its HTTP 200 envelope
                expected = code;
                expectedStatus = 200;
            } else {
                expected = PublishedCodes.ANSWERS.get(caller).get(category);
                expectedStatus = PublishedCodes.httpStatus(caller, category);
            }
            assertEquals(expectedStatus, r.statusCode(), r.body());
        }
        assertEquals(expected, VendorClients.code(caller, r), r.body());
    }
}
