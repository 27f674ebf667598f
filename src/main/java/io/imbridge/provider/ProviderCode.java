package io.imbridge.provider;

import java.util.Set;

import io.imbridge.canonical.ErrorCategory;

/**
 * One row of a vendor's error table: the code, what it means canonically, and for which categories a caller of
 * that vendor is answered with it (and with which HTTP status). Implemented by one enum per vendor.
 */
public interface ProviderCode {

    int code();

    /** The vendor's own name for the code. */
    String name();

    /** What the code means when a vendor answers it. */
    ErrorCategory category();

    /** The categories a caller of this vendor is answered with this code for. */
    Set<ErrorCategory> answers();

    /** HTTP status of the vendor's error reply carrying this code. */
    default int httpStatus() {
        return 200;
    }
}
