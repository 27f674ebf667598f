package io.imbridge.provider.openim;

import java.util.EnumSet;
import java.util.Set;

import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.ProviderCode;

import static io.imbridge.canonical.ErrorCategory.*;

/**
 * OpenIM server error codes (seed 002 and vendors.md), the one table of them. OpenIM answers errors with HTTP 200
 * and {@code errCode}. Ambiguities decided here: 1004 RecordNotFound (the seed's send_msg failure) is the unknown
 * recipient, 1101 the unknown sender; OpenIM has no rate-limit code, so that is its 500.
 */
public enum OpenImError implements ProviderCode {
    ServerInternalError(500, INTERNAL, EnumSet.of(INTERNAL, UNAVAILABLE, RATE_LIMITED, BRIDGE_CONFIG)),
    ArgsError(1001, MALFORMED, EnumSet.of(MALFORMED, EMPTY_MESSAGE, SELF_SEND, TOO_LARGE, UNSUPPORTED)),
    NoPermissionError(1002, AUTH_FAILED, EnumSet.of(AUTH_FAILED, FORBIDDEN)),
    DuplicateKeyError(1003, DUPLICATE, EnumSet.of(DUPLICATE)),
    RecordNotFoundError(1004, RECIPIENT_UNKNOWN, EnumSet.of(RECIPIENT_UNKNOWN)),
    UserIDNotFoundError(1101, SENDER_UNKNOWN, EnumSet.of(SENDER_UNKNOWN)),
    RegisteredAlreadyError(1102, DUPLICATE, EnumSet.noneOf(ErrorCategory.class)),
    GroupIDNotFoundError(1201, RECIPIENT_UNKNOWN, EnumSet.noneOf(ErrorCategory.class)),
    NotInGroupYetError(1203, FORBIDDEN, EnumSet.noneOf(ErrorCategory.class)),
    DismissedAlreadyError(1204, RECIPIENT_UNKNOWN, EnumSet.noneOf(ErrorCategory.class)),
    BlockedByPeer(1302, FORBIDDEN, EnumSet.noneOf(ErrorCategory.class)),
    MutedInGroup(1402, FORBIDDEN, EnumSet.noneOf(ErrorCategory.class)),
    MutedGroup(1403, FORBIDDEN, EnumSet.noneOf(ErrorCategory.class)),
    TokenExpiredError(1501, AUTH_FAILED, EnumSet.noneOf(ErrorCategory.class)),
    TokenInvalidError(1502, AUTH_FAILED, EnumSet.noneOf(ErrorCategory.class)),
    TokenMalformedError(1503, AUTH_FAILED, EnumSet.noneOf(ErrorCategory.class)),
    TokenNotValidYetError(1504, AUTH_FAILED, EnumSet.noneOf(ErrorCategory.class)),
    TokenUnknownError(1505, AUTH_FAILED, EnumSet.noneOf(ErrorCategory.class)),
    TokenKickedError(1506, AUTH_FAILED, EnumSet.noneOf(ErrorCategory.class)),
    TokenNotExistError(1507, AUTH_FAILED, EnumSet.noneOf(ErrorCategory.class));

    private final int code;
    private final ErrorCategory category;
    private final Set<ErrorCategory> answers;

    OpenImError(int code, ErrorCategory category, Set<ErrorCategory> answers) {
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

    /** Whether the code says the admin token is unusable, so that one renewal may help. */
    public static boolean isTokenError(int code) {
        return code >= 1501 && code <= 1507;
    }
}
