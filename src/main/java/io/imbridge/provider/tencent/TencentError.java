package io.imbridge.provider.tencent;

import io.imbridge.provider.ErrorRow;
import io.imbridge.provider.ProviderCode;

import static io.imbridge.canonical.ErrorCategory.*;
import static io.imbridge.provider.ErrorRow.means;

/**
 * Tencent Cloud Chat REST error codes (docs/providers.md#tencent-error-codes), the one table of them. Tencent answers
 * HTTP 200 with {@code ActionStatus} FAIL and {@code ErrorCode}. Decisions: 20003 ("sender or recipient invalid") reads
 * as an unknown recipient, the common case; an unknown sender is answered 70107 (account not imported); self-send and
 * duplicates, which Tencent has no code for, are 20001 invalid packet; server-side failures of the bridge are 20005.
 */
public enum TencentError implements ProviderCode {
    HttpParse(means(60002, MALFORMED)),
    JsonParseUrl(means(60003, MALFORMED)),
    AccountOrSigInUrl(means(60004, AUTH_FAILED)),
    AccountOrSigInBody(means(60005, AUTH_FAILED)),
    SdkAppIdInvalid(means(60006, AUTH_FAILED)),
    RestRateLimited(means(60007, RATE_LIMITED).answering(RATE_LIMITED)),
    ServiceTimeout(means(60008, UNAVAILABLE)),
    BadResourceUrl(means(60009, MALFORMED)),
    NeedsAppAdmin(means(60010, AUTH_FAILED)),
    SdkAppIdRateLimited(means(60011, RATE_LIMITED)),
    SdkAppIdMissing(means(60012, MALFORMED)),
    AccountTypeNotString(means(60015, MALFORMED)),
    AppDisabled(means(60016, FORBIDDEN)),
    RequestDisabled(means(60017, FORBIDDEN)),
    TooFrequent(means(60018, RATE_LIMITED)),
    TooFrequentForApp(means(60019, RATE_LIMITED)),
    IpNotAllowed(means(60021, FORBIDDEN)),
    UserSigExpired(means(70001, AUTH_FAILED)),
    UserSigTruncated(means(70003, AUTH_FAILED)),
    UserSigVerifyFailed(means(70009, AUTH_FAILED).answering(AUTH_FAILED)),
    IdentifierMismatch(means(70013, AUTH_FAILED)),
    SdkAppIdMismatch(means(70014, AUTH_FAILED)),
    KeyMissing(means(70016, AUTH_FAILED)),
    SdkAppIdUnknown(means(70020, AUTH_FAILED)),
    VerifyFailedRateLimited(means(70050, AUTH_FAILED)),
    Blacklisted(means(70051, FORBIDDEN)),
    AccountNotImported(means(70107, SENDER_UNKNOWN).answering(SENDER_UNKNOWN)),
    InternalTimeout(means(70169, UNAVAILABLE)),
    InvalidParameters(means(70402, MALFORMED)),
    NeedsAppAdminAccount(means(70403, AUTH_FAILED)),
    InternalError70500(means(70500, INTERNAL)),
    InvalidPacket(means(20001, MALFORMED).answering(MALFORMED, SELF_SEND, DUPLICATE)),
    InvalidUserSigOrA2(means(20002, AUTH_FAILED)),
    AccountInvalid(means(20003, RECIPIENT_UNKNOWN)),
    NetworkError(means(20004, UNAVAILABLE).answering(UNAVAILABLE)),
    ServerInternal(means(20005, INTERNAL).answering(INTERNAL, BRIDGE_CONFIG)),
    ForbiddenByCallback(means(20006, FORBIDDEN).answering(FORBIDDEN)),
    // the group API's (docs/providers.md#tencent-groups-and-recall; Tencent's global list)
    GroupParam(means(10004, MALFORMED)),
    GroupNoPermission(means(10007, FORBIDDEN).answeringGroups(FORBIDDEN)),
    GroupDissolved(means(10010, RECIPIENT_UNKNOWN)),
    GroupIdNotFound(means(10015, RECIPIENT_UNKNOWN).answeringGroups(RECIPIENT_UNKNOWN)),
    GroupRefusedByCallback(means(10016, FORBIDDEN)),
    GroupSenderMuted(means(10017, FORBIDDEN)),
    GroupRateLimited(means(10023, RATE_LIMITED)),
    // recall (docs/providers.md#tencent-groups-and-recall: admin_msgwithdraw, group_msg_recall); Tencent names no code
    // for a one-to-one message past a recall window, so a caller of admin_msgwithdraw is answered the group's 10031 for
    // it
    GroupMsgNotFound(means(10030, MESSAGE_UNKNOWN).answeringGroups(MESSAGE_UNKNOWN)),
    GroupMsgTooOld(means(10031, RECALL_REFUSED).answering(RECALL_REFUSED)),
    GroupMsgNotRecallable(means(10032, RECALL_REFUSED).answeringGroups(ALREADY_RECALLED)),
    MsgNotFound(means(20022, MESSAGE_UNKNOWN).answering(MESSAGE_UNKNOWN)),
    MsgAlreadyRecalled(means(20023, ALREADY_RECALLED).answering(ALREADY_RECALLED)),
    MsgKeyInvalid(means(90054, MALFORMED)),
    /** import_group_msg: a message over 8,000 bytes. */
    GroupImportTooLarge(means(80002, TOO_LARGE)),
    JsonParse(means(90001, MALFORMED)),
    MsgBodyFormat(means(90002, MALFORMED).answering(EMPTY_MESSAGE)),
    ToAccountMissing(means(90003, MALFORMED)),
    MsgRandomMissing(means(90005, MALFORMED)),
    MsgTimeStampNotInteger(means(90006, MALFORMED)),
    MsgBodyNotArray(means(90007, MALFORMED)),
    NeedsAdmin(means(90009, AUTH_FAILED)),
    ElementFormat(means(90010, MALFORMED).answering(UNSUPPORTED)),
    ToAccountNotRegistered(means(90012, RECIPIENT_UNKNOWN).answering(RECIPIENT_UNKNOWN)),
    OfflineLifetime(means(90026, MALFORMED)),
    SyncOtherMachineNotInteger(means(90031, MALFORMED)),
    MsgLifeTimeNotInteger(means(90044, MALFORMED)),
    AccountDoesNotExist(means(90048, RECIPIENT_UNKNOWN)),
    InternalRetry(means(91000, INTERNAL)),
    InternalCheckCallback(means(90992, INTERNAL)),
    PacketTooLarge(means(93000, TOO_LARGE).answering(TOO_LARGE)),

    // The bridge's own checks of a caller's request: a code Tencent uses for them, named for what the check means
    // (a target's answer of the code still means the row above).
    /** A MsgBody with no element, or a text element without text. */
    MsgBodyEmpty(means(90002, EMPTY_MESSAGE)),
    /** A MsgType Tencent does not have. */
    ElementUnsupported(means(90010, UNSUPPORTED));

    private final ErrorRow row;

    TencentError(ErrorRow row) {
        this.row = row;
    }

    @Override
    public ErrorRow row() {
        return row;
    }

    @Override
    public String provider() {
        return TencentProvider.NAME;
    }
}
