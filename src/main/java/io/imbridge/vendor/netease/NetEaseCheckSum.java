package io.imbridge.vendor.netease;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** NetEase's request signature: lowercase hex SHA-1 of (AppSecret + Nonce + CurTime). */
public final class NetEaseCheckSum {

    private NetEaseCheckSum() {
    }

    public static String of(String appSecret, String nonce, String curTime) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest((appSecret + nonce + curTime).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
