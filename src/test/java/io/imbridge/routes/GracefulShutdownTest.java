package io.imbridge.routes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** On stop, deliveries under way finish and their callers get their answers. */
class GracefulShutdownTest {

    @Test
    void aDeliveryUnderWayWhenTheBridgeStopsFinishes() throws Exception {
        RunningBridge b = RunningBridge.start("bridge.route.mychat", "openim");
        // a first message, so the next one's call is under way at once (the OpenIM admin token is fetched already)
        assertEquals(200, b.mychatGet(Fixtures.text("mychat/seed-browser-line.json")).statusCode());
        b.post("/sandbox/openim/_faults", "{\"delayMs\":1500,\"times\":1}", "Content-Type", "application/json");
        CompletableFuture<HttpResponse<String>> call = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create(b.base + "/mychat/API/?data=" + RunningBridge.encode(
                                Fixtures.text("mychat/seed-browser-line.json")))).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500); // the delivery is under way
        b.close();         // graceful stop: waits for in-flight exchanges
        HttpResponse<String> r = call.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("0002", json(r).get("cmd").asText(), r.body());
    }
}
