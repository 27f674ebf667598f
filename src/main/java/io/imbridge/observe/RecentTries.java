package io.imbridge.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.BindToRegistry;

/**
 * The failed tries of the last {@value #MESSAGES} messages that had one, as this instance saw them (the store keeps
 * only a delivery's count of tries and its last failure): each with its time, category and, when it is tried
 * again, the next try's time. Read by the console's journey of a message; fed by {@link Events}.
 */
@BindToRegistry("recentTries")
public class RecentTries {

    static final int MESSAGES = 5_000;
    static final int TRIES_PER_MESSAGE = 50;

    /** One failed try: {@code outcome} is {@code retrying} (tried again at {@code nextTryAt}) or {@code failed}. */
    public record Try(String target, long at, String outcome, int attempt, String category, Integer vendorCode,
                      String detail, Long nextTryAt) {
    }

    private final Map<String, List<Try>> byMessage = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Try>> eldest) {
            return size() > MESSAGES;
        }
    };

    /** Failures only: far fewer than messages, so one lock is no cost on the delivery path. */
    public synchronized void add(String messageId, Try t) {
        List<Try> tries = byMessage.computeIfAbsent(messageId, k -> new ArrayList<>());
        if (tries.size() < TRIES_PER_MESSAGE) {
            tries.add(t);
        }
    }

    public synchronized List<Try> of(String messageId) {
        List<Try> tries = byMessage.get(messageId);
        return tries == null ? List.of() : List.copyOf(tries);
    }
}
