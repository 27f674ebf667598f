package io.imbridge.provider;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.BridgeException;

/**
 * Typed reads of the JSON fields of a provider's message content, the same checks for every provider: an absent or
 * null field is null; a field of the wrong type, or a number outside the range of what it is read as, is refused
 * with the provider's own error row (never truncated, never converted from another type).
 */
public final class JsonFields {

    private final ProviderCode wrong;
    private final String prefix;

    /**
     * @param wrong  the row a wrong field is refused with (Tencent 90010, OpenIM 1001, NetEase 414)
     * @param prefix how the provider's messages name the field's parent ({@code "content."}, {@code "attach."})
     */
    public JsonFields(ProviderCode wrong, String prefix) {
        this.wrong = wrong;
        this.prefix = prefix;
    }

    public String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw refused(field, " must be a string");
        }
        return v.asText();
    }

    public String requireText(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) {
            throw refused(field, " is required");
        }
        return v;
    }

    public Long longValue(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw refused(field, " must be an integer");
        }
        return v.asLong();
    }

    public Integer integer(JsonNode n, String field) {
        Long v = longValue(n, field);
        if (v != null && v != v.intValue()) {
            throw refused(field, " is out of range");
        }
        return v == null ? null : v.intValue();
    }

    /** A duration in seconds, as milliseconds. */
    public Long seconds(JsonNode n, String field) {
        Long s = longValue(n, field);
        if (s != null && Math.abs(s) > Long.MAX_VALUE / 1000) {
            throw refused(field, " is out of range");
        }
        return s == null ? null : s * 1000;
    }

    public Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw refused(field, " must be a number");
        }
        return v.asDouble();
    }

    public Double requireNumber(JsonNode n, String field) {
        Double v = number(n, field);
        if (v == null) {
            throw refused(field, " must be a number");
        }
        return v;
    }

    private BridgeException refused(String field, String why) {
        return wrong.failure(prefix + field + why);
    }
}
