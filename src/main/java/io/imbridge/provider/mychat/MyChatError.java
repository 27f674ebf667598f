package io.imbridge.provider.mychat;

import java.util.EnumSet;
import java.util.Set;

import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.ProviderCode;

import static io.imbridge.canonical.ErrorCategory.*;

/**
 * MyChat Integration API error numbers (seed 000 and vendors.md), the one table of them.
 * MyChat has no code for a server-side failure: a caller is answered HTTP 500 with the error envelope and
 * {@code error} 21 ({@link #SERVER_ERROR}), so a client that reads only the JSON still sees a failure and one that
 * reads the status knows it may retry.
 */
public enum MyChatError implements ProviderCode {
    WrongSenderUser(2, SENDER_UNKNOWN, EnumSet.of(SENDER_UNKNOWN)),
    WrongReceiverUser(3, RECIPIENT_UNKNOWN, EnumSet.of(RECIPIENT_UNKNOWN)),
    EmptyMessage(4, EMPTY_MESSAGE, EnumSet.of(EMPTY_MESSAGE)),
    WrongIntegrationKey(5, AUTH_FAILED, EnumSet.of(AUTH_FAILED)),
    UnknownUID(6, RECIPIENT_UNKNOWN, EnumSet.noneOf(ErrorCategory.class)),
    WrongDomainUserReceiver(11, RECIPIENT_UNKNOWN, EnumSet.noneOf(ErrorCategory.class)),
    WrongDomainUserSender(12, SENDER_UNKNOWN, EnumSet.noneOf(ErrorCategory.class)),
    CantSendMessageToSelf(17, SELF_SEND, EnumSet.of(SELF_SEND)),
    WrongData(21, MALFORMED, EnumSet.of(MALFORMED, TOO_LARGE, FORBIDDEN, DUPLICATE, UNSUPPORTED)),
    UserOffline(38, UNAVAILABLE, EnumSet.noneOf(ErrorCategory.class)),
    InvalidMessageStructure(67, MALFORMED, EnumSet.noneOf(ErrorCategory.class)),
    SERVER_ERROR(21, INTERNAL, EnumSet.of(RATE_LIMITED, UNAVAILABLE, INTERNAL, BRIDGE_CONFIG), 500);

    private final int code;
    private final ErrorCategory category;
    private final Set<ErrorCategory> answers;
    private final int httpStatus;

    MyChatError(int code, ErrorCategory category, Set<ErrorCategory> answers) {
        this(code, category, answers, 200);
    }

    MyChatError(int code, ErrorCategory category, Set<ErrorCategory> answers, int httpStatus) {
        this.code = code;
        this.category = category;
        this.answers = answers;
        this.httpStatus = httpStatus;
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

    @Override
    public int httpStatus() {
        return httpStatus;
    }

    /** The vendor's constant name, e.g. {@code MCIAPI_Error_WrongData}. */
    public String vendorName() {
        return this == SERVER_ERROR ? "MCIAPI_Error_WrongData" : "MCIAPI_Error_" + name();
    }
}
