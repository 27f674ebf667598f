package io.imbridge.provider.openim;

import io.imbridge.provider.ErrorRow;
import io.imbridge.provider.ProviderCode;

import static io.imbridge.canonical.ErrorCategory.*;
import static io.imbridge.provider.ErrorRow.means;

/**
 * OpenIM server error codes (docs/providers.md#openim-error-codes), the one table of them. OpenIM answers errors with
 * HTTP 200 and {@code errCode}. Ambiguities decided here: 1004 RecordNotFound (send_msg's documented failure) is the
 * unknown recipient, 1101 the unknown sender; OpenIM has no rate-limit code, so that is its 500.
 */
public enum OpenImError implements ProviderCode {
    ServerInternalError(means(500, INTERNAL).answering(INTERNAL, UNAVAILABLE, RATE_LIMITED, BRIDGE_CONFIG)),
    ArgsError(means(1001, MALFORMED).answering(MALFORMED, EMPTY_MESSAGE, SELF_SEND, TOO_LARGE, UNSUPPORTED)),
    NoPermissionError(means(1002, AUTH_FAILED).answering(AUTH_FAILED, FORBIDDEN, RECALL_REFUSED)),
    DuplicateKeyError(means(1003, DUPLICATE).answering(DUPLICATE)),
    RecordNotFoundError(means(1004, RECIPIENT_UNKNOWN).answering(RECIPIENT_UNKNOWN, MESSAGE_UNKNOWN)),
    UserIDNotFoundError(means(1101, SENDER_UNKNOWN).answering(SENDER_UNKNOWN)),
    RegisteredAlreadyError(means(1102, DUPLICATE)),
    GroupIDNotFoundError(means(1201, RECIPIENT_UNKNOWN).answeringGroups(RECIPIENT_UNKNOWN)),
    NotInGroupYetError(means(1203, FORBIDDEN)),
    DismissedAlreadyError(means(1204, RECIPIENT_UNKNOWN)),
    BlockedByPeer(means(1302, FORBIDDEN)),
    MutedInGroup(means(1402, FORBIDDEN)),
    MutedGroup(means(1403, FORBIDDEN)),
    /** revoke_msg: the message was revoked before (docs/providers.md#openim-groups-and-recall). */
    MsgAlreadyRevoke(means(1404, ALREADY_RECALLED).answering(ALREADY_RECALLED)),
    TokenExpiredError(means(1501, AUTH_FAILED)),
    TokenInvalidError(means(1502, AUTH_FAILED)),
    TokenMalformedError(means(1503, AUTH_FAILED)),
    TokenNotValidYetError(means(1504, AUTH_FAILED)),
    TokenUnknownError(means(1505, AUTH_FAILED)),
    TokenKickedError(means(1506, AUTH_FAILED)),
    TokenNotExistError(means(1507, AUTH_FAILED)),

    // The bridge's own checks of a caller's request: 1001 as OpenIM answers them, named for what the check means
    // (a target's 1001 still means ArgsError; replies name the code's first row).
    /** A text content that is empty. */
    ContentEmpty(means(1001, EMPTY_MESSAGE)),
    /** A contentType the bridge has no element for. */
    ContentTypeUnsupported(means(1001, UNSUPPORTED));

    private final ErrorRow row;

    OpenImError(ErrorRow row) {
        this.row = row;
    }

    @Override
    public ErrorRow row() {
        return row;
    }

    @Override
    public String provider() {
        return OpenImProvider.NAME;
    }

    /** Whether the code says the admin token is unusable, so that one renewal may help. */
    public static boolean isTokenError(int code) {
        return code >= 1501 && code <= 1507;
    }
}
