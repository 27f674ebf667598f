package io.imbridge.provider;

import java.util.Set;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.ErrorCategory;

/**
 * One row of a provider's error table: the code, what it means canonically, and for which categories a caller of
 * that provider is answered with it (and with which HTTP status). Implemented by one enum per provider, whose
 * constants each hold an {@link ErrorRow}; everything else is here, once.
 *
 * <p>A code may have several rows when the bridge's own checks give it different meanings (NetEase's 414 for a
 * missing header is an auth failure, for an oversized attach too large): the first row of a code is what the code
 * means when a target answers it, the others are named for the check that throws them.
 */
public interface ProviderCode {

    /** This row's facts. */
    ErrorRow row();

    /** The provider whose code this is (its bean name). */
    String provider();

    /** The provider's own name for the code, or the check's name for a further row of a code. */
    String name();

    default int code() {
        return row().code();
    }

    /** What the code means when a provider answers it (for a further row: what the check that throws it means). */
    default ErrorCategory category() {
        return row().category();
    }

    /** The categories a caller of this provider is answered with this code for. */
    default Set<ErrorCategory> answers() {
        return row().answers();
    }

    /** HTTP status of the provider's error reply carrying this code. */
    default int httpStatus() {
        return row().httpStatus();
    }

    /** The bridge's refusal of a caller's request with this row: its code, its category, {@code detail} shown. */
    default BridgeException failure(String detail) {
        return new BridgeException(category(), provider(), code(), detail);
    }
}
