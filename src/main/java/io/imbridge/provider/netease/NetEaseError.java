package io.imbridge.provider.netease;

import io.imbridge.provider.ErrorRow;
import io.imbridge.provider.ProviderCode;

import static io.imbridge.canonical.ErrorCategory.*;
import static io.imbridge.provider.ErrorRow.means;

/**
 * NetEase Yunxin server status codes (docs/providers.md#netease-error-codes), the one table of them; replies are HTTP
 * 200 with {@code {code, desc}}. Decisions: 403 is both the refused credential (a bad AppKey/CheckSum, as the vendors'
 * fake servers answer) and the policy refusal; it reads as FORBIDDEN, so a target's 403 never becomes a caller's auth
 * error. NetEase has no self-send or unsupported-kind code: 414 parameter error.
 */
public enum NetEaseError implements ProviderCode {
    Forbidden(means(403, FORBIDDEN).answering(AUTH_FAILED, FORBIDDEN)),
    NotFound(means(404, RECIPIENT_UNKNOWN).answering(RECIPIENT_UNKNOWN, SENDER_UNKNOWN, MESSAGE_UNKNOWN)),
    Timeout(means(408, UNAVAILABLE)),
    ParameterError(means(414, MALFORMED).answering(MALFORMED, EMPTY_MESSAGE, SELF_SEND, TOO_LARGE, UNSUPPORTED)),
    FrequencyControl(means(416, RATE_LIMITED).answering(RATE_LIMITED)),
    RepeatedOperation(means(417, DUPLICATE).answering(DUPLICATE, ALREADY_RECALLED)),
    OverQuantityLimit(means(419, TOO_LARGE)),
    DuplicateHttpRequest(means(431, DUPLICATE)),
    InternalError(means(500, INTERNAL).answering(INTERNAL, BRIDGE_CONFIG)),
    ServerBusy(means(503, UNAVAILABLE).answering(UNAVAILABLE)),
    ServiceUnavailable(means(514, UNAVAILABLE)),
    /** msg/recall: past the recall window (docs/providers.md#netease-groups-and-recall). */
    RecallTooLate(means(508, RECALL_REFUSED).answering(RECALL_REFUSED)),
    ScheduledClosingDisabled(means(13009, FORBIDDEN)),
    // a team's (docs/providers.md#netease-error-codes, msg/sendMsg with ope 1)
    TeamFull(means(801, FORBIDDEN)),
    TeamNoRight(means(802, FORBIDDEN).answeringGroups(FORBIDDEN)),
    TeamNotFound(means(803, RECIPIENT_UNKNOWN).answeringGroups(RECIPIENT_UNKNOWN)),
    NotInTeam(means(804, FORBIDDEN)),
    /** The sender is muted in the chat room (docs/providers.md#netease-error-codes, chatroom/sendMsg). */
    RoomMuted(means(13004, FORBIDDEN)),

    // The bridge's own checks of a caller's request: a code NetEase uses for them, named for what the check means
    // (a target's answer of the code still means the row above).
    /** Signature headers missing: 414 as NetEase answers, an authentication failure. */
    HeadersMissing(means(414, AUTH_FAILED)),
    /** AppKey, CurTime or CheckSum refused: 403 as NetEase answers, an authentication failure. */
    CredentialsRefused(means(403, AUTH_FAILED)),
    /** A Nonce used again within the CurTime window: 431, a replayed request refused as unauthenticated. */
    NonceReused(means(431, AUTH_FAILED)),
    /** A field over its published limit (toAccids, attach, ext, …). */
    ParameterTooLarge(means(414, TOO_LARGE)),
    /** A msgType the chat-room API does not have. */
    MsgTypeUnsupported(means(414, UNSUPPORTED)),
    /** A text or alert whose attach is empty. */
    AttachEmpty(means(414, EMPTY_MESSAGE));

    private final ErrorRow row;

    NetEaseError(ErrorRow row) {
        this.row = row;
    }

    @Override
    public ErrorRow row() {
        return row;
    }

    @Override
    public String provider() {
        return NetEaseProvider.NAME;
    }
}
