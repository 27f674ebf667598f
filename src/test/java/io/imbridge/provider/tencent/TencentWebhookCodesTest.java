package io.imbridge.provider.tencent;

import java.util.HashSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imbridge.canonical.ErrorCategory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook's forbid codes are public: each category's code as docs/bridging.md lists it, in Tencent's app range. */
class TencentWebhookCodesTest {

    /** docs/bridging.md, "The Tencent webhook", forbid policy. */
    static final Map<ErrorCategory, Integer> PUBLISHED = Map.ofEntries(
            Map.entry(ErrorCategory.MALFORMED, 120001), Map.entry(ErrorCategory.AUTH_FAILED, 120002),
            Map.entry(ErrorCategory.SENDER_UNKNOWN, 120003), Map.entry(ErrorCategory.RECIPIENT_UNKNOWN, 120004),
            Map.entry(ErrorCategory.EMPTY_MESSAGE, 120005), Map.entry(ErrorCategory.SELF_SEND, 120006),
            Map.entry(ErrorCategory.TOO_LARGE, 120007), Map.entry(ErrorCategory.FORBIDDEN, 120008),
            Map.entry(ErrorCategory.DUPLICATE, 120009), Map.entry(ErrorCategory.UNSUPPORTED, 120010),
            Map.entry(ErrorCategory.RATE_LIMITED, 120011), Map.entry(ErrorCategory.UNAVAILABLE, 120012),
            Map.entry(ErrorCategory.INTERNAL, 120013), Map.entry(ErrorCategory.BRIDGE_CONFIG, 120014),
            Map.entry(ErrorCategory.MESSAGE_UNKNOWN, 120015), Map.entry(ErrorCategory.ALREADY_RECALLED, 120016),
            Map.entry(ErrorCategory.RECALL_REFUSED, 120017));

    @Test
    void everyCategoryHasItsPublishedCode() {
        for (ErrorCategory c : ErrorCategory.values()) {
            assertEquals(PUBLISHED.get(c), TencentProvider.callbackForbidCode(c), c.name());
        }
    }

    @Test
    void theCodesAreDistinctAndInTheAppsRange() {
        // docs/providers.md#tencent-webhook: 120001–130000 are the callback's forbid codes the app chooses
        var seen = new HashSet<Integer>();
        for (ErrorCategory c : ErrorCategory.values()) {
            int code = TencentProvider.callbackForbidCode(c);
            assertTrue(code >= 120001 && code <= 130000, c + " " + code);
            assertTrue(seen.add(code), "twice: " + code);
        }
    }
}
