package io.imbridge.provider;

import java.util.EnumSet;
import java.util.Set;

import io.imbridge.canonical.ErrorCategory;

/**
 * The facts of one error-table row, the same for every provider: the provider's code, what it means canonically,
 * the categories a caller of that provider is answered with it, and the HTTP status of that answer. Each provider's
 * error enum holds one per constant and gets its behaviour from {@link ProviderCode}'s defaults.
 */
public record ErrorRow(int code, ErrorCategory category, Set<ErrorCategory> answers, int httpStatus) {

    public ErrorRow {
        answers = answers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(answers));
    }

    /** A code that means {@code category}, answers no category of its own, with HTTP 200. */
    public static ErrorRow means(int code, ErrorCategory category) {
        return new ErrorRow(code, category, Set.of(), 200);
    }

    /** This row, also the provider's answer to a caller for each of {@code categories}. */
    public ErrorRow answering(ErrorCategory first, ErrorCategory... more) {
        return new ErrorRow(code, category, EnumSet.of(first, more), httpStatus);
    }

    /** This row, answered with HTTP {@code status} (MyChat's server error). */
    public ErrorRow withStatus(int status) {
        return new ErrorRow(code, category, answers, status);
    }
}
