package io.imbridge.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.imbridge.canonical.ErrorCategory;

import static io.imbridge.canonical.ErrorCategory.*;

/**
 * The providers' error codes as the vendors publish them ({@code docs/providers.md}, each provider's error codes),
 * written out here so that tests compare the production tables against the published facts, never against themselves.
 * Where a vendor has no code for a meaning, the choice is the one docs/providers.md ("Across providers") and each
 * table's comment document: the nearest code, and a note saying so.
 */
public final class PublishedCodes {

    private PublishedCodes() {
    }

    /** What each published code means, per provider: every code a target of that provider may answer. */
    public static final Map<String, Map<Integer, ErrorCategory>> MEANS = Map.of(
            // docs/providers.md#mychat-error-codes: error numbers seen; 6 UnknownUID is a conference's unknown
            // member, 38 UserOffline the recipient's status (retry later); groups and recall: 0004's 6
            // unknown UID, 7 sender not in the conference (a refusal).
            "mychat", means(2, SENDER_UNKNOWN, 3, RECIPIENT_UNKNOWN, 4, EMPTY_MESSAGE, 5, AUTH_FAILED,
                    6, RECIPIENT_UNKNOWN, 7, FORBIDDEN, 11, RECIPIENT_UNKNOWN, 12, SENDER_UNKNOWN, 17, SELF_SEND,
                    21, MALFORMED, 38, UNAVAILABLE, 67, MALFORMED),
            // docs/providers.md#openim-error-codes: server error codes; 1004 RecordNotFound is send_msg's unknown
            // recipient
            "openim", means(500, INTERNAL, 1001, MALFORMED, 1002, AUTH_FAILED, 1003, DUPLICATE,
                    1004, RECIPIENT_UNKNOWN, 1101, SENDER_UNKNOWN, 1102, DUPLICATE, 1201, RECIPIENT_UNKNOWN,
                    1203, FORBIDDEN, 1204, RECIPIENT_UNKNOWN, 1302, FORBIDDEN, 1402, FORBIDDEN, 1403, FORBIDDEN,
                    1501, AUTH_FAILED, 1502, AUTH_FAILED, 1503, AUTH_FAILED, 1504, AUTH_FAILED, 1505, AUTH_FAILED,
                    1506, AUTH_FAILED, 1507, AUTH_FAILED,
                    // docs/providers.md#openim-groups-and-recall: revoke_msg's 1404 already revoked
                    1404, ALREADY_RECALLED),
            // docs/providers.md#tencent-error-codes: public codes 600xx/700xx and the sendmsg codes of its page
            // ("Error Codes"); 20003 "sender or recipient invalid" reads as the recipient, the common case.
            // docs/providers.md#tencent-groups-and-recall: the group API's 10004 bad parameter, 10007 no permission,
            // 10010 dissolved or missing, 10015 group id not found, 10016 refused by the app's callback, 10017 muted,
            // 10023 rate; import_group_msg's 80002 over 8,000 bytes.
            "tencent", means(10004, MALFORMED, 10007, FORBIDDEN, 10010, RECIPIENT_UNKNOWN, 10015, RECIPIENT_UNKNOWN,
                    10016, FORBIDDEN, 10017, FORBIDDEN, 10023, RATE_LIMITED, 60002, MALFORMED, 60003, MALFORMED,
                    60004, AUTH_FAILED, 60005, AUTH_FAILED, 60006, AUTH_FAILED, 60007, RATE_LIMITED, 60008, UNAVAILABLE,
                    60009, MALFORMED, 60010, AUTH_FAILED, 60011, RATE_LIMITED, 60012, MALFORMED, 60015, MALFORMED,
                    60016, FORBIDDEN, 60017, FORBIDDEN, 60018, RATE_LIMITED, 60019, RATE_LIMITED, 60021, FORBIDDEN,
                    70001, AUTH_FAILED, 70003, AUTH_FAILED, 70009, AUTH_FAILED, 70013, AUTH_FAILED, 70014, AUTH_FAILED,
                    70016, AUTH_FAILED, 70020, AUTH_FAILED, 70050, AUTH_FAILED, 70051, FORBIDDEN, 70107, SENDER_UNKNOWN,
                    70169, UNAVAILABLE, 70402, MALFORMED, 70403, AUTH_FAILED, 70500, INTERNAL, 80002, TOO_LARGE,
                    20001, MALFORMED, 20002, AUTH_FAILED, 20003, RECIPIENT_UNKNOWN, 20004, UNAVAILABLE,
                    20005, INTERNAL, 20006, FORBIDDEN,
                    90001, MALFORMED, 90002, MALFORMED, 90003, MALFORMED, 90005, MALFORMED, 90006, MALFORMED,
                    90007, MALFORMED, 90009, AUTH_FAILED, 90010, MALFORMED, 90012, RECIPIENT_UNKNOWN, 90026, MALFORMED,
                    90031, MALFORMED, 90044, MALFORMED, 90048, RECIPIENT_UNKNOWN, 91000, INTERNAL, 90992, INTERNAL,
                    93000, TOO_LARGE,
                    // groups and recall: admin_msgwithdraw's 20022 no such message, 20023 already
                    // recalled, 90054 bad MsgKey; group_msg_recall's 10030 not found, 10031 too old, 10032 not
                    // recallable
                    20022, MESSAGE_UNKNOWN, 20023, ALREADY_RECALLED, 90054, MALFORMED, 10030, MESSAGE_UNKNOWN,
                    10031, RECALL_REFUSED, 10032, RECALL_REFUSED),
            // docs/providers.md#netease-error-codes: status codes; 13009 from sendMsgToSomeone's "Status codes"; 403
            // reads as the policy refusal, so a target's 403 never becomes a caller's auth failure (NetEaseError's
            // comment); groups and recall: 13004 muted in the room; a team's 801 full, 802 no right, 803 no such team,
            // 804 not in the team (801 read as a refusal: a full team takes no message from outside it).
            "netease", means(403, FORBIDDEN, 404, RECIPIENT_UNKNOWN, 408, UNAVAILABLE, 414, MALFORMED,
                    416, RATE_LIMITED, 417, DUPLICATE, 419, TOO_LARGE, 431, DUPLICATE, 500, INTERNAL,
                    503, UNAVAILABLE, 514, UNAVAILABLE, 801, FORBIDDEN, 802, FORBIDDEN, 803, RECIPIENT_UNKNOWN,
                    804, FORBIDDEN, 13004, FORBIDDEN, 13009, FORBIDDEN,
                    // docs/providers.md#netease-groups-and-recall: msg/recall's 508 past the recall window
                    508, RECALL_REFUSED));

    /** The code a caller of each provider is answered with, per category (docs/providers.md#across-providers). */
    public static final Map<String, Map<ErrorCategory, Integer>> ANSWERS = Map.of(
            // MyChat has no server-error code: 21 WrongData, with HTTP 500 for server-side failures (docs/providers.md)
            "mychat", answers(MALFORMED, 21, AUTH_FAILED, 5, SENDER_UNKNOWN, 2, RECIPIENT_UNKNOWN, 3,
                    EMPTY_MESSAGE, 4, SELF_SEND, 17, TOO_LARGE, 21, FORBIDDEN, 21, DUPLICATE, 21, UNSUPPORTED, 21,
                    RATE_LIMITED, 21, UNAVAILABLE, 21, INTERNAL, 21, BRIDGE_CONFIG, 21,
                    // MyChat has no recall: never a caller's answer, 21 if it were
                    MESSAGE_UNKNOWN, 21, ALREADY_RECALLED, 21, RECALL_REFUSED, 21),
            // OpenIM has no rate-limit code: its 500 (OpenImError's comment)
            "openim", answers(MALFORMED, 1001, AUTH_FAILED, 1002, SENDER_UNKNOWN, 1101, RECIPIENT_UNKNOWN, 1004,
                    EMPTY_MESSAGE, 1001, SELF_SEND, 1001, TOO_LARGE, 1001, FORBIDDEN, 1002, DUPLICATE, 1003,
                    UNSUPPORTED, 1001, RATE_LIMITED, 500, UNAVAILABLE, 500, INTERNAL, 500, BRIDGE_CONFIG, 500,
                    // revoke_msg: 1004 not found, 1404 already revoked, 1002 no right (what OpenIM answers a
                    // revoke it refuses)
                    MESSAGE_UNKNOWN, 1004, ALREADY_RECALLED, 1404, RECALL_REFUSED, 1002),
            // Tencent has no self-send or duplicate code: 20001 invalid packet; the bridge's own failures 20005
            "tencent", answers(MALFORMED, 20001, AUTH_FAILED, 70009, SENDER_UNKNOWN, 70107,
                    RECIPIENT_UNKNOWN, 90012, EMPTY_MESSAGE, 90002, SELF_SEND, 20001, TOO_LARGE, 93000,
                    FORBIDDEN, 20006, DUPLICATE, 20001, UNSUPPORTED, 90010, RATE_LIMITED, 60007, UNAVAILABLE, 20004,
                    INTERNAL, 20005, BRIDGE_CONFIG, 20005,
                    // admin_msgwithdraw's 20022 and 20023; Tencent has no one-to-one "too old": the group's 10031
                    MESSAGE_UNKNOWN, 20022, ALREADY_RECALLED, 20023, RECALL_REFUSED, 10031),
            "netease", answers(MALFORMED, 414, AUTH_FAILED, 403, SENDER_UNKNOWN, 404, RECIPIENT_UNKNOWN, 404,
                    EMPTY_MESSAGE, 414, SELF_SEND, 414, TOO_LARGE, 414, FORBIDDEN, 403, DUPLICATE, 417,
                    UNSUPPORTED, 414, RATE_LIMITED, 416, UNAVAILABLE, 503, INTERNAL, 500, BRIDGE_CONFIG, 500,
                    // NetEase names no "already recalled": 417 repeated operation; 508 past the recall window
                    MESSAGE_UNKNOWN, 404, ALREADY_RECALLED, 417, RECALL_REFUSED, 508));

    /**
     * HTTP status of a caller's error reply: 200 in every provider's envelope (Tencent "always 200", OpenIM and
     * NetEase HTTP 200 with their codes), except MyChat's server-side answers, HTTP 500 (docs/providers.md).
     */
    public static int httpStatus(String provider, ErrorCategory answered) {
        return provider.equals("mychat") && MYCHAT_HTTP_500.contains(answered) ? 500 : 200;
    }

    static final Set<ErrorCategory> MYCHAT_HTTP_500 = Set.of(RATE_LIMITED, UNAVAILABLE, INTERNAL, BRIDGE_CONFIG);

    /** The (code, HTTP status) answers a target of each provider may give: every code, and MyChat's 21 with 500. */
    public static List<int[]> targetAnswers(String provider) {
        List<int[]> out = new java.util.ArrayList<>();
        MEANS.get(provider).keySet().forEach(code -> out.add(new int[]{code, 200}));
        if (provider.equals("mychat")) {
            out.add(new int[]{21, 500});
        }
        return out;
    }

    private static Map<Integer, ErrorCategory> means(Object... pairs) {
        Map<Integer, ErrorCategory> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (m.put((Integer) pairs[i], (ErrorCategory) pairs[i + 1]) != null) {
                throw new IllegalArgumentException("code " + pairs[i] + " twice");
            }
        }
        return m;
    }

    private static Map<ErrorCategory, Integer> answers(Object... pairs) {
        Map<ErrorCategory, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((ErrorCategory) pairs[i], (Integer) pairs[i + 1]);
        }
        if (m.size() != ErrorCategory.values().length) {
            throw new IllegalArgumentException("a category is missing: " + m.keySet());
        }
        return m;
    }
}
