package io.imbridge.vendor;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.imbridge.canonical.ErrorCategory;
import io.imbridge.vendor.mychat.MyChatError;
import io.imbridge.vendor.mychat.MyChatVendor;
import io.imbridge.vendor.openim.OpenImError;
import io.imbridge.vendor.openim.OpenImVendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row of each vendor's error table, both ways. */
class ErrorTablesTest {

    static Stream<Arguments> rows() {
        return Stream.of(MyChatVendor.ERRORS, OpenImVendor.ERRORS)
                .flatMap(t -> t.rows().stream().map(r -> Arguments.of(t, r)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("rows")
    void aCodeMeansItsCategoryAndEachAnsweredCategoryComesBackAsTheCode(ErrorTable<?> table, VendorCode row) {
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
        assertNotNull(MyChatVendor.ERRORS.replyFor(c));
        assertNotNull(OpenImVendor.ERRORS.replyFor(c));
        // server-side categories are never answered with a caller-side code
        if (c.serverSide()) {
            assertTrue(MyChatVendor.ERRORS.replyFor(c).httpStatus() >= 500);
            assertEquals(OpenImError.ServerInternalError, OpenImVendor.ERRORS.replyFor(c));
        }
    }

    @Test
    void theSeedListedCodesAreAllPresent() {
        for (int code : List.of(2, 3, 4, 5, 11, 12, 17, 21, 6, 38, 67)) {
            assertNotNull(MyChatVendor.ERRORS.row(code), "MyChat " + code);
        }
        for (int code : List.of(500, 1001, 1002, 1003, 1004, 1101, 1102, 1201, 1203, 1204, 1302, 1402, 1403,
                1501, 1502, 1503, 1504, 1505, 1506, 1507)) {
            assertNotNull(OpenImVendor.ERRORS.row(code), "OpenIM " + code);
        }
        assertEquals(ErrorCategory.RECIPIENT_UNKNOWN, OpenImVendor.ERRORS.categoryOf(1004));
        assertEquals(MyChatError.WrongReceiverUser, MyChatVendor.ERRORS.replyFor(ErrorCategory.RECIPIENT_UNKNOWN));
    }

    @Test
    void anUnknownCodeIsATargetFailure() {
        assertEquals(ErrorCategory.INTERNAL, OpenImVendor.ERRORS.categoryOf(987654));
    }

    @Test
    void theBridgesOwnRefusedCredentialsAreItsConfigurationNotTheCallersAuthFailure() {
        assertEquals(ErrorCategory.BRIDGE_CONFIG, TargetAnswers.fromCode(OpenImVendor.ERRORS, 1002, null).category());
        assertEquals(ErrorCategory.BRIDGE_CONFIG, TargetAnswers.fromCode(MyChatVendor.ERRORS, 5, null).category());
        assertEquals(ErrorCategory.RECIPIENT_UNKNOWN,
                TargetAnswers.fromCode(MyChatVendor.ERRORS, 3, null).category());
    }

    enum Gappy implements VendorCode {
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
