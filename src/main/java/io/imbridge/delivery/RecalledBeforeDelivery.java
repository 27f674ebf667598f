package io.imbridge.delivery;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.ErrorCategory;

/**
 * A try not made: its message was recalled before it was delivered. A queued or bus delivery is then done with (its
 * state is {@code recalled}); a caller still waiting for its primary is told the message was recalled.
 */
public final class RecalledBeforeDelivery extends BridgeException {
    RecalledBeforeDelivery(String messageId, String target) {
        super(ErrorCategory.ALREADY_RECALLED, "message " + messageId + " was recalled before its delivery to " + target);
    }
}
