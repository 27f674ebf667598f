package io.imbridge.provider;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.mychat.MyChatError;
import io.imbridge.provider.mychat.MyChatProvider;
import io.imbridge.provider.openim.OpenImError;
import io.imbridge.provider.openim.OpenImProvider;
import io.imbridge.provider.netease.NetEaseProvider;
import io.imbridge.provider.tencent.TencentProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row of each vendor's error table, both ways. */
class ErrorTablesTest {

    static Stream<Arguments> rows() {
        return Stream.of(MyChatProvider.ERRORS, OpenImProvider.ERRORS, TencentProvider.ERRORS, NetEaseProvider.ERRORS)
                .flatMap(t -> t.rows().stream().map(r -> Arguments.of(t, r)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("rows")
    void aCodeMeansItsCategoryAndEachAnsweredCategoryComesBackAsTheCode(ErrorTable<?> table, ProviderCode row) {
        if (table.row(row.code()) == row) {
            assertEquals(row.category(), table.categoryOf(row.code()));
        }
        for (ErrorCategory c : row.answers()) {
            assertEquals(row, table.replyFor(c));
        }
    }

    @ParameterizedTest
    @EnumSource(ErrorCategory.class)
    void everyCategoryHasAnAnswerInEveryDialect(ErrorCategory c) {
        assertNotNull(MyChatProvider.ERRORS.replyFor(c));
        assertNotNull(OpenImProvider.ERRORS.replyFor(c));
        assertNotNull(TencentProvider.ERRORS.replyFor(c));
        assertNotNull(NetEaseProvider.ERRORS.replyFor(c));
        // server-side categories are never answered with a caller-side code
        if (c.serverSide()) {
            assertTrue(MyChatProvider.ERRORS.replyFor(c).httpStatus() >= 500);
            assertEquals(OpenImError.ServerInternalError, OpenImProvider.ERRORS.replyFor(c));
            assertTrue(TencentProvider.ERRORS.replyFor(c).category().serverSide());
            assertTrue(NetEaseProvider.ERRORS.replyFor(c).category().serverSide());
        }
    }

    @Test
    void theSeedListedCodesAreAllPresent() {
        for (int code : List.of(2, 3, 4, 5, 11, 12, 17, 21, 6, 38, 67)) {
            assertNotNull(MyChatProvider.ERRORS.row(code), "MyChat " + code);
        }
        for (int code : List.of(500, 1001, 1002, 1003, 1004, 1101, 1102, 1201, 1203, 1204, 1302, 1402, 1403,
                1501, 1502, 1503, 1504, 1505, 1506, 1507)) {
            assertNotNull(OpenImProvider.ERRORS.row(code), "OpenIM " + code);
        }
        for (int code : List.of(20001, 20002, 20003, 20004, 20005, 20006, 90001, 90002, 90003, 90005, 90006, 90007,
                90009, 90010, 90012, 90026, 90031, 90044, 90048, 91000, 90992, 93000, 60002, 60003, 60004, 60005,
                60006, 60007, 60008, 60009, 60010, 60011, 60012, 60015, 60016, 60017, 60018, 60019, 60021, 70001,
                70003, 70009, 70013, 70014, 70016, 70020, 70050, 70051, 70107, 70169, 70402, 70403, 70500)) {
            assertNotNull(TencentProvider.ERRORS.row(code), "Tencent " + code);
        }
        for (int code : List.of(403, 404, 408, 414, 416, 417, 419, 431, 500, 503, 514, 13009)) {
            assertNotNull(NetEaseProvider.ERRORS.row(code), "NetEase " + code);
        }
        assertEquals(ErrorCategory.RECIPIENT_UNKNOWN, OpenImProvider.ERRORS.categoryOf(1004));
        assertEquals(MyChatError.WrongReceiverUser, MyChatProvider.ERRORS.replyFor(ErrorCategory.RECIPIENT_UNKNOWN));
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
        ONLY(1, ErrorCategory.MALFORMED);

        private final int code;
        private final ErrorCategory category;

        Gappy(int code, ErrorCategory category) {
            this.code = code;
            this.category = category;
        }

        public int code() {
            return code;
        }

        public ErrorCategory category() {
            return category;
        }

        public java.util.Set<ErrorCategory> answers() {
            return java.util.EnumSet.of(category);
        }
    }

    @Test
    void aTableThatLeavesACategoryUnansweredIsRefused() {
        assertThrows(IllegalStateException.class, () -> new ErrorTable<>("gappy", Gappy.class, ErrorCategory.INTERNAL));
    }
}
