package io.imbridge.provider;

import java.util.List;
import java.util.Map;

import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryOptions;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.Source;

/** A provider whose send API can be tried from the console: the request its own client would make to the bridge. */
public interface TryIt {

    /**
     * The request that sends {@code text} from {@code from} to {@code to} (one recipient) in this vendor's dialect to
     * the bridge's inbound send endpoint, signed now with the bridge's inbound credentials.
     */
    ExampleRequest example(String from, String to, String text);

    /**
     * method GET or POST; path from the server root (e.g. "/tencent/v4/openim/sendmsg"); query already encoded, or
     * null; body or null; headers (Content-Type, signatures).
     */
    record ExampleRequest(String method, String path, String query, String body, Map<String, String> headers) {
    }

    /**
     * The one-to-one text a try sends, under a fresh bridge id: the provider's outbound codec renders it in its
     * dialect, and the ids it derives from the bridge id (context, msgId) are new on every try. A missing party or
     * text stays empty, so the bridge answers the vendor's own error for it.
     */
    static CanonicalMessage message(String vendor, String from, String to, String text, Long sentAt) {
        long now = System.currentTimeMillis();
        return new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, BridgeId.next(), new Source(vendor, Map.of()),
                from == null ? "" : from, List.of(to == null ? "" : to), Conversation.DIRECT, sentAt, now,
                List.of(new Element.Text(text == null ? "" : text)), DeliveryOptions.NONE, null, null);
    }
}
