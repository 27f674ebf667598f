package io.imbridge.provider.openim;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;

/**
 * OpenIM's tokens: JWTs signed HS256 with the server secret, claims {@code UserID}, {@code PlatformID},
 * {@code exp}, {@code nbf}, {@code iat} (as the OpenIM server issues them). Verification answers the OpenIM token
 * codes 1501–1507.
 */
public final class OpenImTokens {

    /** OpenIM's platform id for an admin (server) client. */
    public static final int ADMIN_PLATFORM = 10;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;
    /** Initialised with the key once and never used itself: each signature is made on a clone of it. */
    private final Mac prototype;

    public OpenImTokens(String secret) {
        byte[] bytes = secret == null || secret.isEmpty()
                // no secret configured: a random key, so that no token verifies
                ? new java.security.SecureRandom().generateSeed(32)
                : secret.getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
        this.prototype = newMac();
    }

    /** A token for {@code userID}, valid from now for {@code ttlSeconds}. */
    public String issue(String userID, int platformID, long nowSeconds, long ttlSeconds) {
        ObjectNode claims = Json.object();
        claims.put("UserID", userID);
        claims.put("PlatformID", platformID);
        claims.put("exp", nowSeconds + ttlSeconds);
        claims.put("nbf", nowSeconds);
        claims.put("iat", nowSeconds);
        String unsigned = HEADER + "." + B64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        return unsigned + "." + B64.encodeToString(sign(unsigned));
    }

    /** The result of checking a token: the user it names, or the OpenIM error it earns. */
    public record Verdict(String userID, OpenImError error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * The last token whose signature and claims checked out, kept as its bytes and claims: a client — the bridge
     * itself, with its admin token — sends the same token on every call, and then only its times are checked again,
     * not its signature and JSON. Compared in constant time, as a secret is.
     */
    private record Signed(byte[] token, String userID, long exp, Long nbf) {
        Verdict at(long nowSeconds) {
            if (exp < nowSeconds) {
                return new Verdict(null, OpenImError.TokenExpiredError);
            }
            if (nbf != null && nbf > nowSeconds + 5) {
                return new Verdict(null, OpenImError.TokenNotValidYetError);
            }
            return new Verdict(userID, null);
        }
    }

    private volatile Signed lastSigned;

    public Verdict verify(String token, long nowSeconds) {
        if (token == null || token.isEmpty()) {
            return new Verdict(null, OpenImError.TokenNotExistError);
        }
        Signed last = lastSigned;
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        if (last != null && MessageDigest.isEqual(bytes, last.token())) {
            return last.at(nowSeconds);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return new Verdict(null, OpenImError.TokenMalformedError);
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            header = Json.parseOrNull(new String(B64D.decode(parts[0]), StandardCharsets.UTF_8));
            claims = Json.parseOrNull(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8));
            signature = B64D.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return new Verdict(null, OpenImError.TokenMalformedError);
        }
        if (header == null || claims == null || !header.isObject() || !claims.isObject()) {
            return new Verdict(null, OpenImError.TokenMalformedError);
        }
        if (!"HS256".equals(header.path("alg").asText())
                || !MessageDigest.isEqual(sign(parts[0] + "." + parts[1]), signature)) {
            return new Verdict(null, OpenImError.TokenInvalidError);
        }
        if (!claims.path("exp").canConvertToLong() || !claims.path("UserID").isTextual()) {
            return new Verdict(null, OpenImError.TokenUnknownError);
        }
        Signed signed = new Signed(bytes, claims.path("UserID").asText(), claims.path("exp").asLong(),
                claims.has("nbf") ? claims.path("nbf").asLong() : null);
        lastSigned = signed;
        return signed.at(nowSeconds);
    }

    /**
     * Every token checked (each OpenIM call) is signed again: a clone of the keyed prototype costs a copy, where
     * Mac.getInstance looked the algorithm up among the security providers and init keyed it, per call.
     */
    private byte[] sign(String data) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac();
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
