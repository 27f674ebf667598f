package io.imbridge.routes;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.imbridge.RunningBridge;
import io.imbridge.provider.netease.NetEaseCheckSum;
import io.imbridge.provider.tencent.TencentUserSig;

/**
 * Each provider's group APIs as its clients call them (alice sending), signed with the bridge's inbound credentials
 * (application.properties).
 */
final class GroupClients {

    private GroupClients() {
    }

    /** MyChat's 0004 into the conference {@code uid}. */
    static String channelMessage(String uid, String text) {
        return "{\"cmd\":\"0004\",\"UserFrom\":\"alice\",\"UID\":" + uid + ",\"Msg\":" + RunningBridge.quote(text)
                + ",\"APIStype\":\"crm\",\"context\":\"ctx-" + uid + "\",\"ServerKey\":\"iddqd\"}";
    }

    /** OpenIM's send_msg body into the group {@code groupID} (sessionType 3). */
    static String groupSend(String groupID, String text) {
        return "{\"sendID\":\"alice\",\"groupID\":\"" + groupID + "\",\"sessionType\":3,\"contentType\":101,"
                + "\"content\":{\"content\":" + RunningBridge.quote(text) + "}}";
    }

    /** Tencent's Group.CallbackBefore/AfterSendMsg body for a message into @TGS#_support. */
    static String groupCallback(String command, long random, String extra) {
        return "{\"CallbackCommand\":\"" + command + "\",\"GroupId\":\"@TGS#_support\",\"Type\":\"Public\","
                + "\"From_Account\":\"alice\",\"Operator_Account\":\"alice\",\"Random\":" + random + extra
                + ",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"said in the group\"}}],"
                + "\"CloudCustomData\":\"\",\"EventTime\":1670574414123}";
    }

    /** Tencent's send_group_msg, its query signed with the inbound admin's UserSig. */
    static HttpResponse<String> tencentGroupSend(RunningBridge bridge, String groupId, String text) {
        String sig = TencentUserSig.sign(RunningBridge.TENCENT_KEY, RunningBridge.TENCENT_APP,
                RunningBridge.TENCENT_ADMIN, System.currentTimeMillis() / 1000, 3600);
        String body = "{\"GroupId\":\"" + groupId + "\",\"From_Account\":\"alice\",\"Random\":"
                + (System.nanoTime() & 0xFFFFFFL) + ",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":"
                + "{\"Text\":" + RunningBridge.quote(text) + "}}]}";
        return bridge.post("/tencent/v4/group_open_http_svc/send_group_msg?" + RunningBridge.tencentQuery(
                RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN, sig), body, "Content-Type", "application/json");
    }

    /** NetEase's chatroom/sendMsg: a text to the whole room {@code roomId}. */
    static HttpResponse<String> neteaseRoomSend(RunningBridge bridge, String roomId, String text) {
        return neteasePost(bridge, "/netease/nimserver/chatroom/sendMsg.action", "roomid=" + roomId + "&msgId="
                + UUID.randomUUID() + "&fromAccid=alice&msgType=0&attach=" + RunningBridge.encode(text));
    }

    /** NetEase's msg/sendMsg: a text to the team {@code to} (ope 1) or the account {@code to} (ope 0). */
    static HttpResponse<String> neteaseMsgSend(RunningBridge bridge, int ope, String to, String text) {
        return neteasePost(bridge, "/netease/nimserver/msg/sendMsg.action", "from=alice&ope=" + ope + "&to=" + to
                + "&type=0&body=" + RunningBridge.encode("{\"msg\":" + RunningBridge.quote(text) + "}"));
    }

    private static HttpResponse<String> neteasePost(RunningBridge bridge, String path, String form) {
        String nonce = Long.toHexString(System.nanoTime());
        String cur = Long.toString(System.currentTimeMillis() / 1000);
        return bridge.post(path, form, "Content-Type", "application/x-www-form-urlencoded;charset=utf-8",
                "AppKey", RunningBridge.NETEASE_KEY, "Nonce", nonce, "CurTime", cur,
                "CheckSum", NetEaseCheckSum.of(RunningBridge.NETEASE_SECRET, nonce, cur));
    }
}
