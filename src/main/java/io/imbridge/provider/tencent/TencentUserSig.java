package io.imbridge.provider.tencent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;

/**
 * Tencent's UserSig (TLSSigAPIv2): a JSON document {@code TLS.ver, TLS.identifier, TLS.sdkappid, TLS.expire,
 * TLS.time, TLS.sig} (and {@code TLS.userbuf}), zlib-deflated, base64 with {@code +/=} as {@code *-_}.
 * {@code TLS.sig} is base64(HMAC-SHA256(key, "TLS.identifier:…\nTLS.sdkappid:…\nTLS.time:…\nTLS.expire:…\n"
 * [+ "TLS.userbuf:…\n"])).
 */
public final class TencentUserSig {

    /** An inflated UserSig is a few hundred bytes; refuse anything that inflates further (zip bombs). */
    static final int MAX_INFLATED = 8192;

    private TencentUserSig() {
    }

    public static String sign(String key, long sdkappid, String identifier, long now, long expire) {
        ObjectNode doc = Json.object();
        doc.put("TLS.ver", "2.0");
        doc.put("TLS.identifier", identifier);
        doc.put("TLS.sdkappid", sdkappid);
        doc.put("TLS.expire", expire);
        doc.put("TLS.time", now);
        doc.put("TLS.sig", hmac(key, content(identifier, Long.toString(sdkappid), Long.toString(now),
                Long.toString(expire), null)));
        byte[] raw = Json.write(doc).getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        byte[] buf = new byte[raw.length + 64];
        int n = deflater.deflate(buf);
        deflater.end();
        String b64 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf, n));
        return b64.replace('+', '*').replace('/', '-').replace('=', '_');
    }

    /**
     * Checks a UserSig for {@code identifier} at {@code sdkappid}; answers null when valid, else the Tencent code
     * (70003 unparsable, 70013 other identifier, 70014 other SDKAppID, 70009 wrong signature, 70001 expired).
     */
    public static TencentError verify(String userSig, String key, long sdkappid, String identifier, long now) {
        if (key == null || key.isEmpty()) {
            return TencentError.KeyMissing; // no key configured: nothing verifies
        }
        if (userSig == null || userSig.isEmpty()) {
            return TencentError.AccountOrSigInUrl;
        }
        JsonNode doc = decode(userSig);
        if (doc == null || !doc.path("TLS.sig").isTextual() || !doc.path("TLS.time").canConvertToLong()
                || !doc.path("TLS.expire").canConvertToLong() || !doc.path("TLS.identifier").isTextual()
                || !doc.path("TLS.sdkappid").canConvertToLong()) {
            return TencentError.UserSigTruncated;
        }
        if (!identifier.equals(doc.get("TLS.identifier").asText())) {
            return TencentError.IdentifierMismatch;
        }
        if (doc.get("TLS.sdkappid").asLong() != sdkappid) {
            return TencentError.SdkAppIdMismatch;
        }
        String userbuf = doc.path("TLS.userbuf").isTextual() ? doc.get("TLS.userbuf").asText() : null;
        String expected = hmac(key, content(identifier, doc.get("TLS.sdkappid").asText(),
                doc.get("TLS.time").asText(), doc.get("TLS.expire").asText(), userbuf));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                doc.get("TLS.sig").asText().getBytes(StandardCharsets.UTF_8))) {
            return TencentError.UserSigVerifyFailed;
        }
        if (doc.get("TLS.time").asLong() + doc.get("TLS.expire").asLong() < now) {
            return TencentError.UserSigExpired;
        }
        return null;
    }

    static JsonNode decode(String userSig) {
        try {
            byte[] compressed = Base64.getDecoder().decode(
                    userSig.replace('*', '+').replace('-', '/').replace('_', '='));
            Inflater inflater = new Inflater();
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED) {
                    inflater.end();
                    return null;
                }
            }
            inflater.end();
            JsonNode doc = Json.parseOrNull(out.toString(StandardCharsets.UTF_8));
            return doc != null && doc.isObject() ? doc : null;
        } catch (IllegalArgumentException | DataFormatException e) {
            return null;
        }
    }

    static String content(String identifier, String sdkappid, String time, String expire, String userbuf) {
        StringBuilder b = new StringBuilder(160)
                .append("TLS.identifier:").append(identifier).append('\n')
                .append("TLS.sdkappid:").append(sdkappid).append('\n')
                .append("TLS.time:").append(time).append('\n')
                .append("TLS.expire:").append(expire).append('\n');
        if (userbuf != null) {
            b.append("TLS.userbuf:").append(userbuf).append('\n');
        }
        return b.toString();
    }

    static String hmac(String key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] k = key == null || key.isEmpty() ? new byte[32] : key.getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
