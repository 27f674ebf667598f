package io.imbridge.delivery;

import java.util.List;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryOptions;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Source;
import io.imbridge.provider.mychat.MyChatProvider;
import io.imbridge.provider.netease.NetEaseProvider;
import io.imbridge.provider.openim.OpenImProvider;
import io.imbridge.provider.tencent.TencentProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GroupDirectoryTest {

    DefaultCamelContext context;
    GroupDirectory groups;

    @BeforeEach
    void setUp() {
        context = new DefaultCamelContext();
        context.getRegistry().bind("mychat", new MyChatProvider());
        context.getRegistry().bind("tencent", new TencentProvider());
        context.getRegistry().bind("openim", new OpenImProvider());
        context.getRegistry().bind("netease", new NetEaseProvider());
        groups = new GroupDirectory();
        groups.setCamelContext(context);
        groups.providers = new io.imbridge.provider.Providers();
        groups.providers.setCamelContext(context);
        groups.load(List.of("mychat,tencent,openim,netease",
                "# the support desk, everywhere",
                "12,@TGS#_support,support,room:77",
                "13,@TGS#_partners,,4021"));
    }

    @AfterEach
    void tearDown() throws Exception {
        context.close();
    }

    static CanonicalMessage from(String vendor, Conversation conversation) {
        return new CanonicalMessage(1, "01TESTID000000000000000000", new Source(vendor, Map.of()), "alice", List.of(),
                conversation, null, 1L, List.of(new Element.Text("hi")), DeliveryOptions.NONE, null, Map.of());
    }

    @Test
    void aGroupGoesToItsRowsGroupAtEachTargetAsThatProviderKindsIt() {
        CanonicalMessage m = from("tencent", new Conversation(Conversation.Kind.GROUP, "@TGS#_support"));
        assertEquals(new Conversation(Conversation.Kind.CHANNEL, "12"), groups.address(m, "mychat").conversation());
        assertEquals(new Conversation(Conversation.Kind.GROUP, "support"), groups.address(m, "openim").conversation());
        assertEquals(new Conversation(Conversation.Kind.CHAT_ROOM, "77"), groups.address(m, "netease").conversation());
        CanonicalMessage partners = from("mychat", new Conversation(Conversation.Kind.CHANNEL, "13"));
        assertEquals(new Conversation(Conversation.Kind.GROUP, "4021"),
                groups.address(partners, "netease").conversation(), "a NetEase cell without room: is a team");
    }

    @Test
    void aNetEaseRoomIsFoundByItsRoomCell() {
        CanonicalMessage m = from("netease", new Conversation(Conversation.Kind.CHAT_ROOM, "77"));
        assertEquals(new Conversation(Conversation.Kind.GROUP, "@TGS#_support"),
                groups.address(m, "tencent").conversation());
    }

    @Test
    void aGroupWithoutACellAtTheTargetOrWithoutARowIsAnUnknownRecipient() {
        CanonicalMessage partners = from("mychat", new Conversation(Conversation.Kind.CHANNEL, "13"));
        BridgeException noCell = assertThrows(BridgeException.class, () -> groups.address(partners, "openim"));
        assertEquals(ErrorCategory.RECIPIENT_UNKNOWN, noCell.category());
        CanonicalMessage unknown = from("openim", new Conversation(Conversation.Kind.GROUP, "elsewhere"));
        assertEquals(ErrorCategory.RECIPIENT_UNKNOWN,
                assertThrows(BridgeException.class, () -> groups.address(unknown, "mychat")).category());
    }

    @Test
    void theSourcesOwnProviderTakesAGroupWithoutARowUnchanged() {
        CanonicalMessage unknown = from("openim", new Conversation(Conversation.Kind.GROUP, "elsewhere"));
        assertSame(unknown, groups.address(unknown, "openim"));
    }

    @Test
    void oneToOneAndDirectedRoomMessagesAreNotGroupMessages() {
        CanonicalMessage direct = from("openim", Conversation.DIRECT).withParties("alice", List.of("bob"));
        assertSame(direct, groups.address(direct, "mychat"));
        CanonicalMessage directed = from("netease", new Conversation(Conversation.Kind.CHAT_ROOM, "77"))
                .withParties("alice", List.of("bob"));
        assertSame(directed, groups.address(directed, "tencent"), "sendMsgToSomeone names its recipients");
    }

    @Test
    void aFileNamingNoProviderIsRefusedAtTheFirstGroupMessage() {
        groups.load(List.of("mychat,tencnet", "12,@TGS#_a"));
        BridgeException e = assertThrows(BridgeException.class,
                () -> groups.address(from("mychat", new Conversation(Conversation.Kind.CHANNEL, "12")), "openim"));
        assertEquals(ErrorCategory.BRIDGE_CONFIG, e.category());
        assertEquals("bridge.groups.file names 'tencnet', which is no provider", e.getMessage());
    }

    @Test
    void aGroupListedTwiceIsRefused() {
        GroupDirectory d = new GroupDirectory();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.load(List.of("mychat,openim", "12,support", "14,support")));
        assertEquals("groups file line 3: openim group support listed twice", e.getMessage());
    }
}
