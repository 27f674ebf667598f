package io.imbridge.provider.tencent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tencentyun.TLSSigAPIv2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Our UserSig signer and verifier against Tencent's own library (com.tencentyun:tls-sig-api-v2) as the oracle. */
class TencentUserSigTest {

    static final long APP = 1400000001L;
    static final String KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    final long now = System.currentTimeMillis() / 1000;

    @Test
    void signaturesMadeByTencentsLibraryVerify() {
        String sig = new TLSSigAPIv2(APP, KEY).genUserSig("administrator", 86400);
        assertNull(TencentUserSig.verify(sig, KEY, APP, "administrator", now));
    }

    @Test
    void signaturesWithAUserbufVerifyToo() {
        String sig = new TLSSigAPIv2(APP, KEY).genPrivateMapKey("administrator", 86400, 1234, 255);
        assertNull(TencentUserSig.verify(sig, KEY, APP, "administrator", now));
        assertEquals(true, TencentUserSig.decode(sig).has("TLS.userbuf"));
    }

    @Test
    void ourSignerProducesTheDocumentTencentsLibraryProduces() {
        JsonNode theirs = TencentUserSig.decode(new TLSSigAPIv2(APP, KEY).genUserSig("administrator", 86400));
        long t = theirs.get("TLS.time").asLong();
        JsonNode ours = TencentUserSig.decode(TencentUserSig.sign(KEY, APP, "administrator", t, 86400));
        assertEquals(theirs.get("TLS.sig").asText(), ours.get("TLS.sig").asText());
        for (String f : new String[]{"TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.expire", "TLS.time"}) {
            assertEquals(theirs.get(f).asText(), ours.get(f).asText(), f);
        }
        assertNull(TencentUserSig.verify(TencentUserSig.sign(KEY, APP, "administrator", t, 86400), KEY, APP,
                "administrator", now));
    }

    @Test
    void forgedExpiredAndForeignSignaturesAreRefusedWithTencentsCodes() {
        String good = TencentUserSig.sign(KEY, APP, "administrator", now, 3600);
        assertEquals(TencentError.UserSigVerifyFailed, TencentUserSig.verify(good, "another-key", APP, "administrator", now));
        assertEquals(TencentError.IdentifierMismatch, TencentUserSig.verify(good, KEY, APP, "someone", now));
        assertEquals(TencentError.SdkAppIdMismatch, TencentUserSig.verify(good, KEY, APP + 1, "administrator", now));
        String old = TencentUserSig.sign(KEY, APP, "administrator", now - 7200, 3600);
        assertEquals(TencentError.UserSigExpired, TencentUserSig.verify(old, KEY, APP, "administrator", now));
        assertEquals(TencentError.UserSigTruncated, TencentUserSig.verify(good.substring(0, good.length() / 2), KEY, APP,
                "administrator", now));
        assertEquals(TencentError.UserSigTruncated, TencentUserSig.verify("!!!", KEY, APP, "administrator", now));
        assertEquals(TencentError.KeyMissing, TencentUserSig.verify(good, "", APP, "administrator", now));
    }

    @Test
    void aDocumentWithTamperedFieldsFailsTheSignature() {
        ObjectNode doc = (ObjectNode) TencentUserSig.decode(TencentUserSig.sign(KEY, APP, "administrator", now - 10, 60));
        doc.put("TLS.expire", 999999); // extend the life without the key
        assertEquals(TencentError.UserSigVerifyFailed,
                TencentUserSig.verify(encode(doc.toString().getBytes(StandardCharsets.UTF_8)), KEY, APP, "administrator", now));
    }

    @Test
    void aCompressionBombIsRefusedCheaply() {
        byte[] big = new byte[1 << 20];
        java.util.Arrays.fill(big, (byte) ' ');
        assertEquals(TencentError.UserSigTruncated, TencentUserSig.verify(encode(big), KEY, APP, "administrator", now));
    }

    static String encode(byte[] raw) {
        Deflater d = new Deflater();
        d.setInput(raw);
        d.finish();
        byte[] buf = new byte[raw.length + 1024];
        int n = d.deflate(buf);
        d.end();
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf, n))
                .replace('+', '*').replace('/', '-').replace('=', '_');
    }
}
