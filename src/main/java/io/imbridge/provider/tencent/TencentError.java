package io.imbridge.provider.tencent;

import java.util.EnumSet;
import java.util.Set;

import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.ProviderCode;

import static io.imbridge.canonical.ErrorCategory.*;

/**
 * Tencent Cloud Chat REST error codes (seed 003 and vendors.md), the one table of them. Tencent answers HTTP 200
 * with {@code ActionStatus} FAIL and {@code ErrorCode}. Decisions: 20003 ("sender or recipient invalid") reads as an
 * unknown recipient, the common case; an unknown sender is answered 70107 (account not imported); self-send and
 * duplicates, which Tencent has no code for, are 20001 invalid packet; server-side failures of the bridge are 20005.
 */
public enum TencentError implements ProviderCode {
    HttpParse(60002, MALFORMED),
    JsonParseUrl(60003, MALFORMED),
    AccountOrSigInUrl(60004, AUTH_FAILED),
    AccountOrSigInBody(60005, AUTH_FAILED),
    SdkAppIdInvalid(60006, AUTH_FAILED),
    RestRateLimited(60007, RATE_LIMITED, EnumSet.of(RATE_LIMITED)),
    ServiceTimeout(60008, UNAVAILABLE),
    BadResourceUrl(60009, MALFORMED),
    NeedsAppAdmin(60010, AUTH_FAILED),
    SdkAppIdRateLimited(60011, RATE_LIMITED),
    SdkAppIdMissing(60012, MALFORMED),
    AccountTypeNotString(60015, MALFORMED),
    AppDisabled(60016, FORBIDDEN),
    RequestDisabled(60017, FORBIDDEN),
    TooFrequent(60018, RATE_LIMITED),
    TooFrequentForApp(60019, RATE_LIMITED),
    IpNotAllowed(60021, FORBIDDEN),
    UserSigExpired(70001, AUTH_FAILED),
    UserSigTruncated(70003, AUTH_FAILED),
    UserSigVerifyFailed(70009, AUTH_FAILED, EnumSet.of(AUTH_FAILED)),
    IdentifierMismatch(70013, AUTH_FAILED),
    SdkAppIdMismatch(70014, AUTH_FAILED),
    KeyMissing(70016, AUTH_FAILED),
    SdkAppIdUnknown(70020, AUTH_FAILED),
    VerifyFailedRateLimited(70050, AUTH_FAILED),
    Blacklisted(70051, FORBIDDEN),
    AccountNotImported(70107, SENDER_UNKNOWN, EnumSet.of(SENDER_UNKNOWN)),
    InternalTimeout(70169, UNAVAILABLE),
    InvalidParameters(70402, MALFORMED),
    NeedsAppAdminAccount(70403, AUTH_FAILED),
    InternalError70500(70500, INTERNAL),
    InvalidPacket(20001, MALFORMED, EnumSet.of(MALFORMED, SELF_SEND, DUPLICATE)),
    InvalidUserSigOrA2(20002, AUTH_FAILED),
    AccountInvalid(20003, RECIPIENT_UNKNOWN),
    NetworkError(20004, UNAVAILABLE, EnumSet.of(UNAVAILABLE)),
    ServerInternal(20005, INTERNAL, EnumSet.of(INTERNAL, BRIDGE_CONFIG)),
    ForbiddenByCallback(20006, FORBIDDEN, EnumSet.of(FORBIDDEN)),
    JsonParse(90001, MALFORMED),
    MsgBodyFormat(90002, MALFORMED, EnumSet.of(EMPTY_MESSAGE)),
    ToAccountMissing(90003, MALFORMED),
    MsgRandomMissing(90005, MALFORMED),
    MsgTimeStampNotInteger(90006, MALFORMED),
    MsgBodyNotArray(90007, MALFORMED),
    NeedsAdmin(90009, AUTH_FAILED),
    ElementFormat(90010, MALFORMED, EnumSet.of(UNSUPPORTED)),
    ToAccountNotRegistered(90012, RECIPIENT_UNKNOWN, EnumSet.of(RECIPIENT_UNKNOWN)),
    OfflineLifetime(90026, MALFORMED),
    SyncOtherMachineNotInteger(90031, MALFORMED),
    MsgLifeTimeNotInteger(90044, MALFORMED),
    AccountDoesNotExist(90048, RECIPIENT_UNKNOWN),
    InternalRetry(91000, INTERNAL),
    InternalCheckCallback(90992, INTERNAL),
    PacketTooLarge(93000, TOO_LARGE, EnumSet.of(TOO_LARGE));

    private final int code;
    private final ErrorCategory category;
    private final Set<ErrorCategory> answers;

    TencentError(int code, ErrorCategory category) {
        this(code, category, EnumSet.noneOf(ErrorCategory.class));
    }

    TencentError(int code, ErrorCategory category, Set<ErrorCategory> answers) {
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
