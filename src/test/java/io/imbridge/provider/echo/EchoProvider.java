package io.imbridge.provider.echo;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.Capabilities;
import io.imbridge.provider.ErrorTable;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.OutboundCall;
import io.imbridge.provider.TargetAnswers;
import io.imbridge.provider.Provider;
import io.imbridge.provider.ErrorRow;
import io.imbridge.provider.ProviderCode;

/**
 * A fifth provider made from the test tree alone — this package and {@code routes-echo/echo.yaml} — to show that a
 * provider is one package plus one route file: a target that takes text, one call per recipient, and answers an id.
 */
public class EchoProvider implements Provider {

    public static final String NAME = "echo";

    /** Echo's codes: 1 for anything the caller got wrong, 2 for anything on the server's side. */
    enum EchoError implements ProviderCode {
        Refused(new ErrorRow(1, ErrorCategory.MALFORMED, callerSide(true), 200)),
        Failed(new ErrorRow(2, ErrorCategory.INTERNAL, callerSide(false), 200));

        private final ErrorRow row;

        EchoError(ErrorRow row) {
            this.row = row;
        }

        private static Set<ErrorCategory> callerSide(boolean caller) {
            Set<ErrorCategory> out = EnumSet.noneOf(ErrorCategory.class);
            for (ErrorCategory c : ErrorCategory.values()) {
                if (c.serverSide() != caller) {
                    out.add(c);
                }
            }
            return out;
        }

        @Override
        public ErrorRow row() {
            return row;
        }

        @Override
        public String provider() {
            return NAME;
        }
    }

    static final ErrorTable<EchoError> ERRORS = new ErrorTable<>(NAME, EchoError.class, ErrorCategory.INTERNAL);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ErrorTable<?> errors() {
        return ERRORS;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Set.of("text"), Map.of(), io.imbridge.provider.Limits.none());
    }

    /** One call per recipient: {@code {"from","to","text"}}. */
    @Override
    public List<OutboundCall> outboundCalls(CanonicalMessage m, int attempt) {
        StringBuilder text = new StringBuilder();
        for (Element e : m.elements()) {
            if (e instanceof Element.Text t) {
                text.append(t.text());
            }
        }
        List<OutboundCall> calls = new ArrayList<>();
        for (String recipient : m.recipients()) {
            ObjectNode body = Json.object().put("from", m.sender()).put("to", recipient).put("text", text.toString());
            calls.add(new OutboundCall(recipient, null, Json.write(body), Map.of(Exchange.CONTENT_TYPE, "application/json")));
        }
        return calls;
    }

    /** {@code {"code":0,"id":…}} is a receipt; another code a typed failure by the table. */
    public DeliveryReceipt readReply(Exchange exchange) {
        JsonNode reply = Json.parseOrNull(exchange.getMessage().getBody(String.class));
        if (reply == null || !reply.path("code").canConvertToInt()) {
            throw TargetAnswers.fromStatus(NAME, TargetAnswers.status(exchange));
        }
        if (reply.get("code").asInt() != 0) {
            throw TargetAnswers.fromCode(ERRORS, reply.get("code").asInt(), reply.path("reason").asText());
        }
        return new DeliveryReceipt(NAME, Exchanges.callRecipient(exchange), Map.of("echoId", reply.path("id").asText()),
                null);
    }

    @Override
    public void replyError(Exchange exchange, BridgeException failure) {
        EchoError code = ERRORS.answerFor(failure);
        Exchanges.replyJson(exchange, 200, Map.of("code", code.code(), "reason", String.valueOf(failure.getMessage())));
    }
}
