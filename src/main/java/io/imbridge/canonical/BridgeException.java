package io.imbridge.canonical;

/**
 * A failure with its canonical category. {@code vendor}/{@code vendorCode} name the code it came from when a vendor
 * (a caller's request check or a target's reply) produced it. The message is shown to callers: it never holds a
 * secret.
 */
public class BridgeException extends RuntimeException {

    private final ErrorCategory category;
    private final String vendor;
    private final Integer vendorCode;
    private final boolean fromTarget;

    /** A refusal by the bridge's own checks of a caller's request, in the caller's vendor's code. */
    public BridgeException(ErrorCategory category, String vendor, Integer vendorCode, String message) {
        this(category, vendor, vendorCode, message, false);
    }

    /**
     * @param fromTarget whether a target answered the code (as opposed to the bridge's checks of the caller)
     */
    public BridgeException(ErrorCategory category, String vendor, Integer vendorCode, String message,
                           boolean fromTarget) {
        super(message, null, false, false);
        this.category = category;
        this.vendor = vendor;
        this.vendorCode = vendorCode;
        this.fromTarget = fromTarget;
    }

    /** Whether a target answered this (its code is the target's), rather than the bridge's checks of the caller. */
    public boolean fromTarget() {
        return fromTarget;
    }

    public BridgeException(ErrorCategory category, String message) {
        this(category, null, null, message);
    }

    public ErrorCategory category() {
        return category;
    }

    public String vendor() {
        return vendor;
    }

    public Integer vendorCode() {
        return vendorCode;
    }
}
