package io.imbridge.provider;

import java.util.List;

import org.apache.camel.Exchange;

import io.imbridge.canonical.Recall;
import io.imbridge.canonical.RecallResult;

/**
 * An optional ability: the bridge serves the provider's recall API (route template {@code provider-recall}), so a
 * client that recalls a message it sent through the bridge has every copy taken back. Its conversions are the
 * transformers {@code <provider>:recall-request} and {@code :recall-reply}; its credentials are the send API's
 * ({@link SendApi#authenticate}).
 */
public interface RecallApi {

    /**
     * Reads the caller's recall request (credentials checked before) into recalls, one per message it names (Tencent's
     * group_msg_recall names up to 10), each naming its message by the ids the bridge handed out for it.
     */
    List<Recall> readRecall(Exchange exchange);

    /**
     * Answers the caller in the provider's dialect: one message's API with its recall's failure as the provider's
     * error (thrown, for the route's error handling), several with each one's own code.
     */
    void replyRecalled(Exchange exchange, List<RecallResult> results);
}
