package io.imbridge.provider.mychat;

import io.imbridge.provider.ErrorRow;
import io.imbridge.provider.ProviderCode;

import static io.imbridge.canonical.ErrorCategory.*;
import static io.imbridge.provider.ErrorRow.means;

/**
 * MyChat Integration API error numbers (docs/providers.md#mychat-error-codes), the one table of them.
 * MyChat has no code for a server-side failure: a caller is answered HTTP 500 with the error envelope and
 * {@code error} 21 ({@link #SERVER_ERROR}), so a client that reads only the JSON still sees a failure and one that
 * reads the status knows it may retry.
 */
public enum MyChatError implements ProviderCode {
    WrongSenderUser(means(2, SENDER_UNKNOWN).answering(SENDER_UNKNOWN)),
    WrongReceiverUser(means(3, RECIPIENT_UNKNOWN).answering(RECIPIENT_UNKNOWN)),
    EmptyMessage(means(4, EMPTY_MESSAGE).answering(EMPTY_MESSAGE)),
    WrongIntegrationKey(means(5, AUTH_FAILED).answering(AUTH_FAILED)),
    UnknownUID(means(6, RECIPIENT_UNKNOWN).answeringGroups(RECIPIENT_UNKNOWN)),
    /** 0004: the sender is not in the conference (the name is the bridge's: the pages give only the number). */
    SenderNotInConference(means(7, FORBIDDEN).answeringGroups(FORBIDDEN)),
    WrongDomainUserReceiver(means(11, RECIPIENT_UNKNOWN)),
    WrongDomainUserSender(means(12, SENDER_UNKNOWN)),
    CantSendMessageToSelf(means(17, SELF_SEND).answering(SELF_SEND)),
    // MyChat has no recall: a recall's categories are only ever a target's, answered as wrong data if asked
    WrongData(means(21, MALFORMED).answering(MALFORMED, TOO_LARGE, FORBIDDEN, DUPLICATE, UNSUPPORTED, MESSAGE_UNKNOWN,
            ALREADY_RECALLED, RECALL_REFUSED)),
    UserOffline(means(38, UNAVAILABLE)),
    InvalidMessageStructure(means(67, MALFORMED)),
    SERVER_ERROR(means(21, INTERNAL).answering(RATE_LIMITED, UNAVAILABLE, INTERNAL, BRIDGE_CONFIG).withStatus(500));

    private final ErrorRow row;

    MyChatError(ErrorRow row) {
        this.row = row;
    }

    @Override
    public ErrorRow row() {
        return row;
    }

    @Override
    public String provider() {
        return MyChatProvider.NAME;
    }

    /** The vendor's constant name, e.g. {@code MCIAPI_Error_WrongData}. */
    public String vendorName() {
        return this == SERVER_ERROR ? "MCIAPI_Error_WrongData" : "MCIAPI_Error_" + name();
    }
}
