package io.imbridge.delivery;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AccountDirectoryTest {

    static AccountDirectory directory() {
        AccountDirectory d = new AccountDirectory();
        d.load(List.of("mychat,tencent,openim,netease",
                "# comment",
                "17|bob@example.com|Bob,bob_t,u-bob,bob_n",
                "\"18|alice@example.com|Alice, the 2nd\",alice_t,,alice_n"));
        return d;
    }

    @Test
    void anyMyChatFormMapsToTheOtherProvidersAndBack() {
        AccountDirectory d = directory();
        assertEquals("u-bob", d.translate("mychat", "openim", "bob@example.com"));
        assertEquals("u-bob", d.translate("mychat", "openim", "BOB"));
        assertEquals("u-bob", d.translate("mychat", "openim", "17"));
        assertEquals("17", d.translate("openim", "mychat", "u-bob"));
        assertEquals("bob_n", d.translate("tencent", "netease", "bob_t"));
    }

    @Test
    void unknownIdsAndEmptyCellsPassThrough() {
        AccountDirectory d = directory();
        assertEquals("carol", d.translate("mychat", "openim", "carol"));
        assertEquals("alice@example.com", d.translate("mychat", "openim", "alice@example.com"));
        assertEquals("18", d.translate("tencent", "mychat", "alice_t"));
    }

    @Test
    void theUinComesFromTheFileOrTheIdItself() {
        AccountDirectory d = directory();
        assertEquals(17L, d.mychatUin("bob@example.com"));
        assertEquals(18L, d.mychatUin("Alice, the 2nd"));
        assertEquals(99L, d.mychatUin("99"));
        assertNull(d.mychatUin("carol@example.com"));
    }

    @Test
    void anIdListedTwiceIsRefused() {
        AccountDirectory d = new AccountDirectory();
        assertThrows(IllegalArgumentException.class, () -> d.load(List.of("mychat,openim", "1|a,x", "2|A,y")));
    }
}
