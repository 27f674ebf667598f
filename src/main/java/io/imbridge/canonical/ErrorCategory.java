package io.imbridge.canonical;

/**
 * What went wrong, in vendor-neutral terms. Every vendor code maps to one category, and every category to the code
 * a caller of that vendor expects (each vendor's error table). Error translation always goes through here.
 */
public enum ErrorCategory {
    MALFORMED(false, false),
    AUTH_FAILED(false, false),
    SENDER_UNKNOWN(false, false),
    RECIPIENT_UNKNOWN(false, false),
    EMPTY_MESSAGE(false, false),
    SELF_SEND(false, false),
    TOO_LARGE(false, false),
    FORBIDDEN(false, false),
    DUPLICATE(false, false),
    /** The element kind cannot be carried by the target and has no degradation rule. */
    UNSUPPORTED(false, false),
    RATE_LIMITED(true, true),
    /** Target unreachable, timed out, or answered "try again". */
    UNAVAILABLE(true, true),
    /** The target failed internally. */
    INTERNAL(true, true),
    /** A recall names a message the provider (or the bridge) does not know. */
    MESSAGE_UNKNOWN(false, false),
    /** A recall of a message recalled before. */
    ALREADY_RECALLED(false, false),
    /** A recall the provider refuses for the message: past its recall window, or a kind it cannot recall. */
    RECALL_REFUSED(false, false),
    /** The bridge's own outbound credentials or configuration are wrong: the caller's "server error". */
    BRIDGE_CONFIG(false, true);

    private final boolean retriable;
    private final boolean serverSide;

    ErrorCategory(boolean retriable, boolean serverSide) {
        this.retriable = retriable;
        this.serverSide = serverSide;
    }

    /** Whether trying again later may succeed. */
    public boolean retriable() {
        return retriable;
    }

    /** Whether the fault lies with the server side (target or bridge) rather than with the caller's request. */
    public boolean serverSide() {
        return serverSide;
    }

    /** Metric and log label. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
