package io.imbridge.canonical;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the sender wants the message delivered. Null means "not said": the target's default applies.
 *
 * @param onlineOnly      deliver only to online devices (OpenIM isOnlineOnly; Tencent MsgLifeTime 0 / OnlineOnlyFlag)
 * @param lifetimeSeconds offline retention in seconds (Tencent MsgLifeTime)
 * @param syncToSender    also sync to the sender's other devices (Tencent SyncOtherMachine 1/2)
 * @param offlinePush     push to offline devices (OpenIM !notOfflinePush; Tencent PushFlag 0)
 * @param push            what the offline push shows
 * @param forbidCallbacks callbacks the target must skip (Tencent ForbidCallbackControl)
 * @param history         for a message of migrated history, its place in its conversation's migrated order (1 for
 *                        the first; ties of the same time are broken by it, e.g. Tencent {@code MsgSeq} when the
 *                        source had none); null for a live message. The target keeps a history message's original
 *                        time where it can (Tencent {@code importmsg}, OpenIM {@code sendTime}; NetEase {@code ext},
 *                        a MyChat text prefix)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryOptions(
        Boolean onlineOnly,
        Integer lifetimeSeconds,
        Boolean syncToSender,
        Boolean offlinePush,
        OfflinePush push,
        List<String> forbidCallbacks,
        Long history) {

    public static final DeliveryOptions NONE = new DeliveryOptions(null, null, null, null, null, null);

    public DeliveryOptions(Boolean onlineOnly, Integer lifetimeSeconds, Boolean syncToSender, Boolean offlinePush,
                           OfflinePush push, List<String> forbidCallbacks) {
        this(onlineOnly, lifetimeSeconds, syncToSender, offlinePush, push, forbidCallbacks, null);
    }

    /**
     * Whether the message is migrated history ({@link #history}). Not a JSON property: Jackson would write it as
     * {@code "history": false} over the component, and read it back into the place it is not.
     */
    @JsonIgnore
    public boolean isHistory() {
        return history != null;
    }

    /** The same options for a message of the migrated history, at {@code place} in its conversation. */
    public DeliveryOptions asHistory(long place) {
        return new DeliveryOptions(onlineOnly, lifetimeSeconds, syncToSender, offlinePush, push, forbidCallbacks, place);
    }

    /**
     * Offline push content.
     *
     * @param title       push title (OpenIM title, Tencent ApnsInfo.Title)
     * @param description push text (OpenIM desc, Tencent Desc)
     * @param ext         pass-through data (OpenIM ex, Tencent Ext)
     * @param iosSound    iOS sound (OpenIM iOSPushSound, Tencent ApnsInfo.Sound)
     * @param iosBadge    whether the push counts into the iOS badge (OpenIM iOSBadgeCount; Tencent BadgeMode 0)
     * @param iosSubtitle Tencent ApnsInfo.SubTitle
     * @param iosImage    Tencent ApnsInfo.Image
     * @param androidSound Tencent AndroidInfo.Sound
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OfflinePush(String title, String description, String ext, String iosSound, Boolean iosBadge,
                              String iosSubtitle, String iosImage, String androidSound) {
    }
}
