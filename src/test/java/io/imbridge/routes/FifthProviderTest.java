package io.imbridge.routes;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.provider.echo.EchoServer;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A fifth provider is one package plus one route file: the echo provider lives in the test tree alone
 * ({@code io.imbridge.provider.echo}, {@code routes-echo/echo.yaml}) and is bridged to from MyChat, as a primary and as
 * a mirror, touching no file of the main tree.
 */
class FifthProviderTest {

    static RunningBridge withEcho(String route) {
        return RunningBridge.start("bridge.user-routes-dir", "src/test/resources/routes-echo",
                "bridge.route.mychat", route, "bridge.queue.poll-ms", "50",
                // the echo provider's configuration, as a fifth provider's user would give it
                "bridge.echo.url", "http://127.0.0.1:{{camel.server.port}}/sandbox/echo",
                "bridge.echo.max-calls-per-second", "100");
    }

    static EchoServer server(RunningBridge b) {
        return b.context().getRegistry().lookupByNameAndType("echoServer", EchoServer.class);
    }

    @Test
    void myChatIsBridgedToTheEchoProvider() {
        try (RunningBridge b = withEcho("echo")) {
            JsonNode reply = json(b.mychatGet(Fixtures.text("mychat/seed-browser-line.json")));
            assertEquals("0002", reply.get("cmd").asText(), reply.toString());
            assertEquals(1, server(b).received.size());
            JsonNode got = server(b).received.get(0);
            // MyChat's browser example's UserTo (as its page reads) and Msg, as the echo provider's fields
            assertEquals("[email protected]", got.get("to").asText());
            assertEquals("Hello from browser", got.get("text").asText());
            // the echo's id finds the message in the ID map
            JsonNode record = json(b.get("/admin/messages/echo-1"));
            assertEquals("delivered", record.get("deliveries").get(0).get("status").asText(), record.toString());
        }
    }

    @Test
    void theEchoProviderIsAMirrorToo() throws Exception {
        try (RunningBridge b = withEcho("openim,echo")) {
            assertEquals("0002", json(b.mychatGet(Fixtures.text("mychat/seed-browser-line.json"))).get("cmd").asText());
            long deadline = System.currentTimeMillis() + 15_000;
            while (server(b).received.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, server(b).received.size());
            assertEquals(1, b.received("openim").size());
        }
    }
}
