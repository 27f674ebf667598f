package io.imbridge.provider;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.BridgeException;

/**
 * A vendor's error codes both ways: code to category (for a target's answers) and category to code (for a
 * caller's reply). Built from the vendor's enum; refuses a table that leaves a category unanswered or answers one
 * twice, so a gap shows at start-up rather than at the first failure.
 */
public final class ErrorTable<E extends Enum<E> & ProviderCode> {

    private final String vendor;
    private final List<E> rows;
    private final Map<Integer, E> byCode = new HashMap<>();
    private final Map<ErrorCategory, E> byCategory = new EnumMap<>(ErrorCategory.class);
    /** The group API's own answers, where they differ from {@link #byCategory}. */
    private final Map<ErrorCategory, E> byGroupCategory = new EnumMap<>(ErrorCategory.class);
    private final ErrorCategory unknownCode;

    /**
     * @param unknownCode the category of a code the table does not list
     */
    public ErrorTable(String vendor, Class<E> type, ErrorCategory unknownCode) {
        this.vendor = vendor;
        this.unknownCode = unknownCode;
        this.rows = List.of(type.getEnumConstants());
        for (E row : rows) {
            // A code's first row is what a target's answer of it means; further rows of the code are MyChat's HTTP
            // 500 reply and the named rows the bridge's own checks throw (see ProviderCode).
            byCode.putIfAbsent(row.code(), row);
            for (ErrorCategory c : row.answers()) {
                E previous = byCategory.put(c, row);
                if (previous != null) {
                    throw new IllegalStateException(vendor + ": category " + c + " answered by " + previous + " and " + row);
                }
            }
            for (ErrorCategory c : row.row().groupAnswers()) {
                E previous = byGroupCategory.put(c, row);
                if (previous != null) {
                    throw new IllegalStateException(vendor + ": group category " + c + " answered by " + previous
                            + " and " + row);
                }
            }
        }
        for (ErrorCategory c : ErrorCategory.values()) {
            if (!byCategory.containsKey(c)) {
                throw new IllegalStateException(vendor + ": no code answers category " + c);
            }
        }
    }

    public String vendor() {
        return vendor;
    }

    public List<E> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** The row for a code a vendor answered, or null if the table does not list it. */
    public E row(int code) {
        return byCode.get(code);
    }

    /** What a code a vendor answered means. */
    public ErrorCategory categoryOf(int code) {
        E row = byCode.get(code);
        return row == null ? unknownCode : row.category();
    }

    /** The row a caller of this vendor is answered with for {@code category}. */
    public E replyFor(ErrorCategory category) {
        return byCategory.get(category);
    }

    /**
     * The row a caller of this vendor is answered with for {@code failure}: the exact code when the bridge's own
     * checks of this vendor's request produced it (67 rather than 21, 90003 rather than 20001), or when a target
     * of the same vendor answered it and its meaning is unchanged (a pass-through); else the category's code.
     */
    public E answerFor(BridgeException failure) {
        return answerFor(failure, false);
    }

    /**
     * {@link #answerFor(BridgeException)} for a caller of the vendor's group API when {@code groupApi}: where the
     * answer would be the category's code, the group API's own code for it if the table has one
     * ({@link ErrorRow#answeringGroups}).
     */
    public E answerFor(BridgeException failure, boolean groupApi) {
        if (vendor.equals(failure.vendor()) && failure.vendorCode() != null) {
            E exact = byCode.get(failure.vendorCode());
            if (exact != null && (!failure.fromTarget() || exact.category() == failure.category())) {
                return exact;
            }
        }
        E group = groupApi ? byGroupCategory.get(failure.category()) : null;
        return group != null ? group : replyFor(failure.category());
    }

    @Override
    public String toString() {
        return vendor + Arrays.toString(rows.toArray());
    }
}
