package io.imbridge.provider;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawBodiesTest {

    @Test
    void onlyAPercentWithoutTwoHexDigitsIsBroken() {
        assertFalse(RawBodies.hasBadEscape("data=%7B%22a%22%7d&x=1"));
        assertTrue(RawBodies.hasBadEscape("data=%"));
        assertTrue(RawBodies.hasBadEscape("data=%4"));
        assertTrue(RawBodies.hasBadEscape("data=%zz"));
        assertTrue(RawBodies.hasBadEscape("data=%\u0661\u0662")); // non-ASCII digits are not hex here
    }

    @Test
    void brokenPercentsAreTakenLiterallyAndValidEscapesKept() {
        assertEquals("data=%25&x=%41%25z", RawBodies.literalPercents("data=%&x=%41%z"));
        assertEquals("a=%254", RawBodies.literalPercents("a=%4"));
        assertFalse(RawBodies.hasBadEscape(RawBodies.literalPercents("a=%%%4%zz%41")));
    }
}
