package io.imbridge.provider;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An optional ability: the provider's messages can be read from JSON lines, as a history migration gets them — its
 * send-request bodies (the shape of the vendor's documented example; a form-encoded API's fields as one JSON object),
 * and its history export shapes (a whole reply of its history API, or one message item of it).
 */
public interface HistoryReader {

    /**
     * The messages in one JSON line of input, in the order the line holds them. A line that cannot be migrated is
     * refused with a {@link io.imbridge.canonical.BridgeException} (MALFORMED or UNSUPPORTED) whose message says why,
     * in the provider's own field names.
     */
    List<HistoryItem> readHistory(JsonNode line);
}
