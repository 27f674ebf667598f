package io.imbridge.provider;

import io.imbridge.canonical.CanonicalMessage;

/**
 * One message of a provider's history, as read from an export or a page of its history API.
 *
 * @param message  the message, made canonical ({@code sentAt} its original time when the source has one)
 * @param key      the source's own stable id of the message (Tencent {@code MsgKey}, or sender, recipient,
 *                 {@code MsgSeq}, {@code MsgRandom} and time; NetEase {@code msgid}/{@code msgId}; a canonical id), the
 *                 same in every export of it; null when the source gives none (the migration then keys it by content)
 * @param sequence what orders messages of the same time in a conversation (Tencent {@code MsgSeq}); 0 when none
 */
public record HistoryItem(CanonicalMessage message, String key, long sequence) {
}
