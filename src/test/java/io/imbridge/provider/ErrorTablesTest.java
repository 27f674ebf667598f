package io.imbridge.provider;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.mychat.MyChatProvider;
import io.imbridge.provider.netease.NetEaseError;
import io.imbridge.provider.netease.NetEaseProvider;
import io.imbridge.provider.openim.OpenImError;
import io.imbridge.provider.openim.OpenImProvider;
import io.imbridge.provider.tencent.TencentError;
import io.imbridge.provider.tencent.TencentProvider;

import static io.imbridge.canonical.ErrorCategory.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every row of each provider's error table, both ways, against the codes the vendors publish (docs/providers.md)
 * ({@link PublishedCodes}): what a code a target answers means, and which code (and HTTP status) a caller is
 * answered with for each category.
 */
class ErrorTablesTest {

    static ErrorTable<?> table(String provider) {
        return switch (provider) {
            case "mychat" -> MyChatProvider.ERRORS;
            case "openim" -> OpenImProvider.ERRORS;
            case "tencent" -> TencentProvider.ERRORS;
            case "netease" -> NetEaseProvider.ERRORS;
            default -> throw new IllegalArgumentException(provider);
        };
    }

    static Stream<Arguments> publishedCodes() {
        return PublishedCodes.MEANS.entrySet().stream()
                .flatMap(p -> p.getValue().entrySet().stream().map(c -> Arguments.of(p.getKey(), c.getKey(), c.getValue())));
    }

    @ParameterizedTest(name = "{0} {1} means {2}")
    @MethodSource("publishedCodes")
    void aPublishedCodeMeansItsCategory(String provider, int code, ErrorCategory meaning) {
        assertEquals(meaning, table(provider).categoryOf(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mychat", "openim", "tencent", "netease"})
    void theTableListsExactlyThePublishedCodes(String provider) {
        Set<Integer> listed = table(provider).rows().stream().map(ProviderCode::code)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(PublishedCodes.MEANS.get(provider).keySet()), listed);
    }

    static Stream<Arguments> answers() {
        return PublishedCodes.ANSWERS.entrySet().stream()
                .flatMap(p -> p.getValue().entrySet().stream().map(c -> Arguments.of(p.getKey(), c.getKey(), c.getValue())));
    }

    @ParameterizedTest(name = "a {0} caller is answered {2} for {1}")
    @MethodSource("answers")
    void eachCategoryIsAnsweredWithThePublishedCode(String provider, ErrorCategory category, int code) {
        ProviderCode answer = table(provider).replyFor(category);
        assertEquals(code, answer.code());
        assertEquals(PublishedCodes.httpStatus(provider, category), answer.httpStatus());
        // the caller's own check with that code comes back as the same code (not another row's)
        assertEquals(code, table(provider).answerFor(new BridgeException(category, provider, code, "")).code());
    }

    @ParameterizedTest
    @EnumSource(ErrorCategory.class)
    void serverSideCategoriesAreNeverAnsweredWithACallerSideCode(ErrorCategory c) {
        if (c.serverSide()) {
            assertEquals(500, MyChatProvider.ERRORS.replyFor(c).httpStatus());
            assertEquals(OpenImError.ServerInternalError, OpenImProvider.ERRORS.replyFor(c));
            assertEquals(true, TencentProvider.ERRORS.replyFor(c).category().serverSide());
            assertEquals(true, NetEaseProvider.ERRORS.replyFor(c).category().serverSide());
        }
    }

    /**
     * The rows the bridge's own checks throw: the provider's code (what its server answers for the same check,
     * docs/providers.md) with the meaning of the check, so that metrics and other dialects see it exactly.
     */
    @Test
    void theNamedCheckRowsCarryTheirCodeAndMeaning() {
        Map<ProviderCode, Object[]> expected = Map.of(
                // docs/providers.md#netease-api-served: a bad or missing signature header, a stale CurTime, a reused
                // Nonce
                NetEaseError.HeadersMissing, new Object[]{"netease", 414, AUTH_FAILED},
                NetEaseError.CredentialsRefused, new Object[]{"netease", 403, AUTH_FAILED},
                NetEaseError.NonceReused, new Object[]{"netease", 431, AUTH_FAILED},
                NetEaseError.ParameterTooLarge, new Object[]{"netease", 414, TOO_LARGE},
                NetEaseError.MsgTypeUnsupported, new Object[]{"netease", 414, UNSUPPORTED},
                NetEaseError.AttachEmpty, new Object[]{"netease", 414, EMPTY_MESSAGE},
                // docs/providers.md#tencent-error-codes: 90002 MsgBody format, 90010 element format
                TencentError.MsgBodyEmpty, new Object[]{"tencent", 90002, EMPTY_MESSAGE},
                TencentError.ElementUnsupported, new Object[]{"tencent", 90010, UNSUPPORTED},
                // docs/providers.md#openim-error-codes: 1001 ArgsError for any body parameter
                OpenImError.ContentEmpty, new Object[]{"openim", 1001, EMPTY_MESSAGE},
                OpenImError.ContentTypeUnsupported, new Object[]{"openim", 1001, UNSUPPORTED});
        expected.forEach((row, e) -> {
            BridgeException f = row.failure("why");
            assertEquals(e[0], f.vendor(), row.name());
            assertEquals(e[1], f.vendorCode(), row.name());
            assertEquals(e[2], f.category(), row.name());
            assertEquals(false, f.fromTarget(), row.name());
            assertEquals("why", f.getMessage());
            // a caller of the same provider is answered the code itself
            assertEquals(e[1], table((String) e[0]).answerFor(f).code(), row.name());
        });
    }

    @Test
    void anUnknownCodeIsATargetFailure() {
        assertEquals(ErrorCategory.INTERNAL, OpenImProvider.ERRORS.categoryOf(987654));
    }

    @Test
    void theBridgesOwnRefusedCredentialsAreItsConfigurationNotTheCallersAuthFailure() {
        assertEquals(ErrorCategory.BRIDGE_CONFIG, TargetAnswers.fromCode(OpenImProvider.ERRORS, 1002, null).category());
        assertEquals(ErrorCategory.BRIDGE_CONFIG, TargetAnswers.fromCode(MyChatProvider.ERRORS, 5, null).category());
        assertEquals(ErrorCategory.RECIPIENT_UNKNOWN,
                TargetAnswers.fromCode(MyChatProvider.ERRORS, 3, null).category());
    }

    enum Gappy implements ProviderCode {
        ONLY(ErrorRow.means(1, ErrorCategory.MALFORMED).answering(ErrorCategory.MALFORMED));

        private final ErrorRow row;

        Gappy(ErrorRow row) {
            this.row = row;
        }

        public ErrorRow row() {
            return row;
        }

        public String provider() {
            return "gappy";
        }
    }

    @Test
    void aTableThatLeavesACategoryUnansweredIsRefused() {
        assertThrows(IllegalStateException.class, () -> new ErrorTable<>("gappy", Gappy.class, ErrorCategory.INTERNAL));
    }
}
