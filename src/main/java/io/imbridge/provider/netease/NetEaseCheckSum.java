package io.imbridge.provider.netease;


/** NetEase's request signature: lowercase hex SHA-1 of (AppSecret + Nonce + CurTime). */
public final class NetEaseCheckSum {

    private NetEaseCheckSum() {
    }

    public static String of(String appSecret, String nonce, String curTime) {
        return io.imbridge.provider.Digests.hex("SHA-1", appSecret + nonce + curTime);
    }
}
