package io.imbridge.provider;

import org.apache.camel.Exchange;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.ErrorCategory;

/** Turns what a target answered into a canonical failure, the same way for every vendor. */
public final class TargetAnswers {

    private TargetAnswers() {
    }

    /**
     * A vendor code the target answered. A refusal of the bridge's own credentials is the bridge's configuration
     * fault: the caller must see a server error, never its own authentication error.
     */
    public static BridgeException fromCode(ErrorTable<?> table, int code, String detail) {
        ErrorCategory c = table.categoryOf(code);
        if (c == ErrorCategory.AUTH_FAILED) {
            c = ErrorCategory.BRIDGE_CONFIG;
        }
        return new BridgeException(c, table.vendor(), code,
                table.vendor() + " answered " + code + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"),
                true);
    }

    /** An HTTP answer without a usable vendor body. */
    public static BridgeException fromStatus(String vendor, int status) {
        ErrorCategory c;
        if (status == 429) {
            c = ErrorCategory.RATE_LIMITED;
        } else if (status >= 500) {
            c = ErrorCategory.UNAVAILABLE;
        } else {
            // 3xx/4xx without the vendor's envelope: the bridge's URL or credentials are wrong
            c = ErrorCategory.BRIDGE_CONFIG;
        }
        return new BridgeException(c, vendor, null, vendor + " answered HTTP " + status, true);
    }

    public static int status(Exchange exchange) {
        Integer s = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return s == null ? 0 : s;
    }
}
