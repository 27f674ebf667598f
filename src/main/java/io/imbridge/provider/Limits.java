package io.imbridge.provider;

/**
 * A provider's published size and count limits, the one place each is stated; the provider's request checks, its
 * sandbox and its outbound calls read them from its {@link Capabilities}. {@link #NONE} ({@code Integer.MAX_VALUE})
 * where a provider publishes no limit.
 *
 * @param maxPacketBytes  bytes of one request body (Tencent sendmsg: 8 KB, 93000)
 * @param maxMessageBytes bytes of one message (Tencent: 12 KB)
 * @param maxRecipients   recipients one call carries (NetEase toAccids: 100; the others one)
 * @param maxAttachChars  characters of a message's body field (NetEase attach: 4096)
 * @param maxExtChars     characters of a message's extension field (NetEase ext: 4096)
 * @param maxArrayItems   items of an array in a request (OpenIM: 1000)
 */
public record Limits(int maxPacketBytes, int maxMessageBytes, int maxRecipients, int maxAttachChars, int maxExtChars,
                     int maxArrayItems) {

    /** No published limit. */
    public static final int NONE = Integer.MAX_VALUE;

    /** A provider that publishes none of these limits; the withers below state those it does. */
    public static Limits none() {
        return new Limits(NONE, NONE, NONE, NONE, NONE, NONE);
    }

    public Limits maxPacketBytes(int bytes) {
        return new Limits(bytes, maxMessageBytes, maxRecipients, maxAttachChars, maxExtChars, maxArrayItems);
    }

    public Limits maxMessageBytes(int bytes) {
        return new Limits(maxPacketBytes, bytes, maxRecipients, maxAttachChars, maxExtChars, maxArrayItems);
    }

    public Limits maxRecipients(int count) {
        return new Limits(maxPacketBytes, maxMessageBytes, count, maxAttachChars, maxExtChars, maxArrayItems);
    }

    public Limits maxAttachChars(int chars) {
        return new Limits(maxPacketBytes, maxMessageBytes, maxRecipients, chars, maxExtChars, maxArrayItems);
    }

    public Limits maxExtChars(int chars) {
        return new Limits(maxPacketBytes, maxMessageBytes, maxRecipients, maxAttachChars, chars, maxArrayItems);
    }

    public Limits maxArrayItems(int count) {
        return new Limits(maxPacketBytes, maxMessageBytes, maxRecipients, maxAttachChars, maxExtChars, count);
    }
}
