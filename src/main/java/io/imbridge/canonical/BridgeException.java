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

    public BridgeException(ErrorCategory category, String vendor, Integer vendorCode, String message) {
        super(message, null, false, false);
        this.category = category;
        this.vendor = vendor;
        this.vendorCode = vendorCode;
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
