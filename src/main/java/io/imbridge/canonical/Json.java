package io.imbridge.canonical;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one ObjectMapper of the process, with limits that keep hostile JSON cheap to refuse. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(1_000_000)
                    .maxNumberLength(64)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /** Parses a JSON text; null when it is not JSON. */
    public static JsonNode parseOrNull(String text) {
        if (text == null || cannotStartJson(text)) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Whether the text's first character after JSON whitespace is one no JSON value starts with under this mapper's
     * features (no comments, single quotes, NaN, leading '+' or '.'): then the parser would refuse it anyway, and
     * refusing it here spares the exception (its stack trace is most of the cost of a plain text that is not JSON,
     * such as a customData checked for being JSON). Empty text and any non-ASCII start are left to the parser.
     */
    static boolean cannotStartJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            return c < 0x80 && "{[\"-0123456789tfn".indexOf(c) < 0;
        }
        return false;
    }

    /**
     * The fields of {@code from} not named in {@code except}, deep-copied in their order: what
     * {@code from.deepCopy()} then removing {@code except} gives, without copying the fields removed.
     */
    public static ObjectNode copyExcept(ObjectNode from, java.util.Collection<String> except) {
        ObjectNode kept = object();
        from.fields().forEachRemaining(f -> {
            if (!except.contains(f.getKey())) {
                kept.set(f.getKey(), f.getValue().deepCopy());
            }
        });
        return kept;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Puts a number as the smallest JSON integer node that holds it (so a tree rebuilt from a model compares equal
     * to the one read from the wire); does nothing for null.
     */
    public static void putNumber(ObjectNode node, String field, Number value) {
        if (value == null) {
            return;
        }
        if (value instanceof Double || value instanceof Float) {
            node.put(field, value.doubleValue());
            return;
        }
        long l = value.longValue();
        if (l == (int) l) {
            node.put(field, (int) l);
        } else {
            node.put(field, l);
        }
    }

    /** Puts a string; does nothing for null. */
    public static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** The value as UTF-8 JSON bytes. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
