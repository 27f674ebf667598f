package io.imbridge.provider.openim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OpenImTokensTest {

    final OpenImTokens tokens = new OpenImTokens("openIM123");
    final long now = 1_800_000_000L;

    @Test
    void anIssuedTokenVerifiesForItsUserUntilItExpires() {
        String t = tokens.issue("imAdmin", 10, now, 3600);
        assertEquals(new OpenImTokens.Verdict("imAdmin", null), tokens.verify(t, now + 3599));
        assertEquals(OpenImError.TokenExpiredError, tokens.verify(t, now + 3601).error());
        assertEquals(OpenImError.TokenNotValidYetError, tokens.verify(t, now - 600).error());
    }

    @Test
    void aTokenSignedWithAnotherSecretOrTamperedIsInvalid() {
        String other = new OpenImTokens("another").issue("imAdmin", 10, now, 3600);
        assertEquals(OpenImError.TokenInvalidError, tokens.verify(other, now).error());
        String t = tokens.issue("imAdmin", 10, now, 3600);
        String[] p = t.split("\\.");
        String forged = p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"UserID\":\"root\",\"PlatformID\":10,\"exp\":" + (now + 9999) + "}").getBytes(StandardCharsets.UTF_8))
                + "." + p[2];
        assertEquals(OpenImError.TokenInvalidError, tokens.verify(forged, now).error());
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + p[1] + ".";
        assertEquals(OpenImError.TokenInvalidError, tokens.verify(none, now).error());
    }

    @Test
    void aTokenVerifiedBeforeIsStillCheckedForItsTimesAndAnAlteredOneIsNotTakenForIt() {
        String admin = tokens.issue("imAdmin", 10, now, 3600);
        String user = tokens.issue("u1", 1, now, 60);
        assertEquals(new OpenImTokens.Verdict("imAdmin", null), tokens.verify(admin, now));
        // the same length, one character of the signature changed
        char c = admin.charAt(admin.length() - 2);
        String altered = admin.substring(0, admin.length() - 2) + (c == 'A' ? 'B' : 'A') + admin.charAt(admin.length() - 1);
        assertEquals(OpenImError.TokenInvalidError, tokens.verify(altered, now).error());
        assertEquals(new OpenImTokens.Verdict("imAdmin", null), tokens.verify(admin, now));
        assertEquals(new OpenImTokens.Verdict("u1", null), tokens.verify(user, now));
        assertEquals(new OpenImTokens.Verdict("imAdmin", null), tokens.verify(admin, now + 1));
        assertEquals(OpenImError.TokenExpiredError, tokens.verify(user, now + 61).error());
        assertEquals(OpenImError.TokenExpiredError, tokens.verify(user, now + 62).error());
        assertEquals(OpenImError.TokenNotValidYetError, tokens.verify(user, now - 60).error());
        assertEquals(OpenImError.TokenInvalidError, new OpenImTokens("another").verify(admin, now).error());
    }

    @Test
    void garbageIsMalformedAndNothingIsNotExisting() {
        assertEquals(OpenImError.TokenMalformedError, tokens.verify("abc", now).error());
        assertEquals(OpenImError.TokenMalformedError, tokens.verify("a.b.c", now).error());
        assertEquals(OpenImError.TokenNotExistError, tokens.verify("", now).error());
    }

    @Test
    void withNoSecretConfiguredNoTokenVerifies() {
        OpenImTokens none = new OpenImTokens("");
        assertNull(none.verify(tokens.issue("imAdmin", 10, now, 60), now).userID());
    }
}
