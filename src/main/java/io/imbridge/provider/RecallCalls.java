package io.imbridge.provider;

import java.util.List;

/**
 * How a provider takes back its copy of a recalled message: the calls that recall it, or none and why it cannot
 * ({@code degraded}); a provider without recall may still send calls of its own instead (MyChat's notice), with the
 * reason the copy stays.
 *
 * @param calls    the calls to make, in order (none when it cannot)
 * @param degraded why the copy stays (null when the calls recall it)
 */
public record RecallCalls(List<OutboundCall> calls, String degraded) {

    public RecallCalls {
        calls = List.copyOf(calls);
    }

    /** The calls that recall the copy. */
    public static RecallCalls recall(List<OutboundCall> calls) {
        return new RecallCalls(calls, null);
    }

    /** The copy stays, for {@code why}. */
    public static RecallCalls cannot(String why) {
        return new RecallCalls(List.of(), why);
    }

    /** The copy stays, for {@code why}; {@code calls} tell the recipients instead. */
    public static RecallCalls notice(List<OutboundCall> calls, String why) {
        return new RecallCalls(calls, why);
    }
}
