package io.imbridge.provider.echo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.Json;
import io.imbridge.provider.Exchanges;

/** The echo provider's server (its sandbox): keeps what it was sent, answers an id. */
public class EchoServer {

    public final List<JsonNode> received = new CopyOnWriteArrayList<>();

    public void receive(Exchange exchange) {
        JsonNode body = Json.parseOrNull(exchange.getMessage().getBody(String.class));
        if (body == null || !body.path("text").isTextual()) {
            Exchanges.replyJson(exchange, 200, java.util.Map.of("code", 1, "reason", "not an echo message"));
            return;
        }
        received.add(body);
        Exchanges.replyJson(exchange, 200, java.util.Map.of("code", 0, "id", "echo-" + received.size()));
    }
}
