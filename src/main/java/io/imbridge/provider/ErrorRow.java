package io.imbridge.provider;

import java.util.EnumSet;
import java.util.Set;

import io.imbridge.canonical.ErrorCategory;

/**
 * The facts of one error-table row, the same for every provider: the provider's code, what it means canonically,
 * the categories a caller of that provider is answered with it, and the HTTP status of that answer. Each provider's
 * error enum holds one per constant and gets its behaviour from {@link ProviderCode}'s defaults.
 */
public record ErrorRow(int code, ErrorCategory category, Set<ErrorCategory> answers, int httpStatus,
                       Set<ErrorCategory> groupAnswers) {

    public ErrorRow {
        answers = answers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(answers));
        groupAnswers = groupAnswers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(groupAnswers));
    }

    /** A row with no group API answers of its own. */
    public ErrorRow(int code, ErrorCategory category, Set<ErrorCategory> answers, int httpStatus) {
        this(code, category, answers, httpStatus, Set.of());
    }

    /** A code that means {@code category}, answers no category of its own, with HTTP 200. */
    public static ErrorRow means(int code, ErrorCategory category) {
        return new ErrorRow(code, category, Set.of(), 200, Set.of());
    }

    /** This row, also the provider's answer to a caller for each of {@code categories}. */
    public ErrorRow answering(ErrorCategory first, ErrorCategory... more) {
        return new ErrorRow(code, category, EnumSet.of(first, more), httpStatus, groupAnswers);
    }

    /**
     * This row, the provider's answer to a caller of its group API for each of {@code categories} (a group API's own
     * code where it has one: MyChat 0004's unknown UID, Tencent's group id not found); the group API's other answers
     * are the provider's usual ones.
     */
    public ErrorRow answeringGroups(ErrorCategory first, ErrorCategory... more) {
        return new ErrorRow(code, category, answers, httpStatus, EnumSet.of(first, more));
    }

    /** This row, answered with HTTP {@code status} (MyChat's server error). */
    public ErrorRow withStatus(int status) {
        return new ErrorRow(code, category, answers, status, groupAnswers);
    }
}
