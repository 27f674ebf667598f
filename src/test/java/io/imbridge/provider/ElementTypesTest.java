package io.imbridge.provider;

import org.junit.jupiter.api.Test;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shared element-type table: a gap or a repeated type shows when it is built, an unknown type is refused. */
class ElementTypesTest {

    @Test
    void aTableThatLeavesAKindUnwrittenIsRefused() {
        ElementTypes<Integer, String, String> onlyText = new ElementTypes<Integer, String, String>()
                .type(1, Element.Text.class, Element.Text::new, Element.Text::text);
        IllegalStateException e = assertThrows(IllegalStateException.class, onlyText::complete);
        assertEquals(true, e.getMessage().startsWith("no rule writes "), e.getMessage());
    }

    @Test
    void aTypeReadTwiceIsRefused() {
        assertThrows(IllegalStateException.class, () -> new ElementTypes<Integer, String, String>()
                .type(1, Element.Text.class, Element.Text::new, Element.Text::text)
                .reads(1, Element.Alert::new));
    }

    @Test
    void anUnknownTypeIsRefusedByTheProvidersOwnRow() {
        ElementTypes<Integer, String, String> t = new ElementTypes<Integer, String, String>()
                .type(1, Element.Text.class, Element.Text::new, Element.Text::text);
        ProviderCode row = new ProviderCode() {
            public ErrorRow row() {
                return ErrorRow.means(9, ErrorCategory.UNSUPPORTED);
            }

            public String provider() {
                return "p";
            }

            public String name() {
                return "Unsupported";
            }
        };
        BridgeException e = assertThrows(BridgeException.class, () -> t.read(2, "x", c -> row.failure("type " + c)));
        assertEquals(9, e.vendorCode());
        assertEquals("type 2", e.getMessage());
        assertEquals(new Element.Text("x"), t.read(1, "x", c -> row.failure("no")));
        assertEquals(new ElementTypes.Written<>(1, "x"), t.write(new Element.Text("x")));
    }
}
