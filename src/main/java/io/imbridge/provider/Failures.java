package io.imbridge.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.apache.camel.ExchangeTimedOutException;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.ErrorCategory;

/** Any exception as a canonical failure: transport faults are the target being unavailable. */
public final class Failures {

    private Failures() {
    }

    /** Whether the failure is one the bridge understands (a vendor's answer, a transport fault). */
    public static boolean isExpected(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BridgeException || c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** For a command's one-line error: the innermost cause's message, or its class when it has none. */
    public static String reason(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    public static BridgeException of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BridgeException b) {
                return b;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof SocketTimeoutException
                    || c instanceof ExchangeTimedOutException
                    || c instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException) {
                return new BridgeException(ErrorCategory.UNAVAILABLE, "target unreachable or timed out");
            }
            if (c instanceof UnknownHostException) {
                return new BridgeException(ErrorCategory.BRIDGE_CONFIG, "target host unknown");
            }
            if (c instanceof IOException) {
                return new BridgeException(ErrorCategory.UNAVAILABLE, "target connection failed");
            }
        }
        return new BridgeException(ErrorCategory.INTERNAL, "internal error");
    }
}
