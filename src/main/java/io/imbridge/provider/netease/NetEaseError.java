package io.imbridge.provider.netease;

import java.util.EnumSet;
import java.util.Set;

import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.ProviderCode;

import static io.imbridge.canonical.ErrorCategory.*;

/**
 * NetEase Yunxin server status codes (seed 004 and vendors.md), the one table of them; replies are HTTP 200 with
 * {@code {code, desc}}. Decisions: 403 is both the refused credential (a bad AppKey/CheckSum, as the vendors' fake
 * servers answer) and the policy refusal; it reads as FORBIDDEN, so a target's 403 never becomes a caller's auth
 * error. NetEase has no self-send or unsupported-kind code: 414 parameter error.
 */
public enum NetEaseError implements ProviderCode {
    Forbidden(403, FORBIDDEN, EnumSet.of(AUTH_FAILED, FORBIDDEN)),
    NotFound(404, RECIPIENT_UNKNOWN, EnumSet.of(RECIPIENT_UNKNOWN, SENDER_UNKNOWN)),
    Timeout(408, UNAVAILABLE),
    ParameterError(414, MALFORMED, EnumSet.of(MALFORMED, EMPTY_MESSAGE, SELF_SEND, TOO_LARGE, UNSUPPORTED)),
    FrequencyControl(416, RATE_LIMITED, EnumSet.of(RATE_LIMITED)),
    RepeatedOperation(417, DUPLICATE, EnumSet.of(DUPLICATE)),
    OverQuantityLimit(419, TOO_LARGE),
    DuplicateHttpRequest(431, DUPLICATE),
    InternalError(500, INTERNAL, EnumSet.of(INTERNAL, BRIDGE_CONFIG)),
    ServerBusy(503, UNAVAILABLE, EnumSet.of(UNAVAILABLE)),
    ServiceUnavailable(514, UNAVAILABLE),
    ScheduledClosingDisabled(13009, FORBIDDEN);

    private final int code;
    private final ErrorCategory category;
    private final Set<ErrorCategory> answers;

    NetEaseError(int code, ErrorCategory category) {
        this(code, category, EnumSet.noneOf(ErrorCategory.class));
    }

    NetEaseError(int code, ErrorCategory category, Set<ErrorCategory> answers) {
        this.code = code;
        this.category = category;
        this.answers = answers;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    @Override
    public Set<ErrorCategory> answers() {
        return answers;
    }
}
