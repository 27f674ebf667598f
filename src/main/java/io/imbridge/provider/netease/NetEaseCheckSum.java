package io.imbridge.provider.netease;

import io.imbridge.provider.Digests;


/** NetEase's request signature: lowercase hex SHA-1 of (AppSecret + Nonce + CurTime). */
public final class NetEaseCheckSum {

    private NetEaseCheckSum() {
    }

    public static String of(String appSecret, String nonce, String curTime) {
        return Digests.hex("SHA-1", appSecret + nonce + curTime);
    }
}
