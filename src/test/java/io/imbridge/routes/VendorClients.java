package io.imbridge.routes;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.Json;
import io.imbridge.provider.netease.NetEaseRequests;
import io.imbridge.provider.netease.NetEaseSend;
import io.imbridge.provider.openim.OpenImCodec;
import io.imbridge.provider.tencent.TencentCodec;

/**
 * The four vendors' clients as the matrix tests use them: a request per sample (alice to bob), the reply's outcome
 * in each dialect, and what a sandbox received read back as canonical elements.
 */
final class VendorClients {

    static final List<String> VENDORS = List.of("mychat", "tencent", "openim", "netease");

    /** One request a vendor's client sends: the vendor, a name for the kind, and the raw request. */
    record Sample(String vendor, String kind, String request) {
        @Override
        public String toString() {
            return vendor + ":" + kind;
        }
    }

    private VendorClients() {
    }

    static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        ObjectNode mychat = Fixtures.json("mychat/seed-browser-line.json");
        mychat.put("UserFrom", "alice").put("UserTo", "bob");
        out.add(new Sample("mychat", "text", mychat.toString()));
        out.add(new Sample("mychat", "MsgType 23", mychat.deepCopy().put("MsgType", 23).put("Msg", "{\"k\":1}").toString()));

        ObjectNode contents = Fixtures.json("openim/contents.json");
        contents.fieldNames().forEachRemaining(type -> {
            ObjectNode body = Fixtures.json("openim/send_msg-seed.json");
            body.put("sendID", "alice").put("recvID", "bob").put("contentType", Integer.parseInt(type));
            body.set("content", contents.get(type));
            out.add(new Sample("openim", "contentType " + type, body.toString()));
        });

        ObjectNode elements = Fixtures.json("tencent/elements.json");
        elements.fieldNames().forEachRemaining(type -> {
            ObjectNode body = Fixtures.json("tencent/sendmsg-seed-sync.json");
            body.put("From_Account", "alice").put("To_Account", "bob");
            body.putArray("MsgBody").addObject().put("MsgType", type).set("MsgContent", elements.get(type));
            out.add(new Sample("tencent", type, body.toString()));
        });

        ObjectNode attaches = Fixtures.json("netease/attaches.json");
        attaches.fieldNames().forEachRemaining(type -> {
            JsonNode a = attaches.get(type);
            String form = "roomid=36&fromAccid=alice&toAccids=" + RunningBridge.encode("[\"bob\"]") + "&msgType=" + type
                    + "&msgId=m-" + type + "&attach=" + RunningBridge.encode(a.isTextual() ? a.asText() : a.toString());
            out.add(new Sample("netease", "msgType " + type, form));
        });
        return out;
    }

    /** The request to send, with fresh ids, so the bridge does not take it for a retry of an earlier one. */
    static String prepared(Sample s) {
        return switch (s.vendor()) {
            case "netease" -> s.request().replace("msgId=m-", "msgId=m-" + System.nanoTime() + "-");
            // a new Tencent message has its own MsgRandom (the same one, sender, recipient and time is a retry)
            case "tencent" -> s.request().replace("1287657", Long.toString(System.nanoTime() & 0x7FFFFFFFL));
            default -> s.request();
        };
    }

    /** Sends a request as the vendor's client does. */
    static HttpResponse<String> send(RunningBridge b, String vendor, String request) {
        return switch (vendor) {
            case "mychat" -> b.mychatGet(request);
            case "openim" -> b.openimSend(b.openimToken("openIM123"), request);
            case "tencent" -> b.tencentSend(request);
            case "netease" -> b.neteaseSend(request);
            default -> throw new IllegalArgumentException(vendor);
        };
    }

    /** A NetEase form string as the JSON object the sandbox stores. */
    static ObjectNode formObject(String form) {
        ObjectNode o = Json.object();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            o.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return o;
    }

    /** The code a reply carries in its dialect: 0 for success. */
    static int code(String vendor, HttpResponse<String> r) {
        JsonNode j = RunningBridge.json(r);
        return switch (vendor) {
            case "mychat" -> "0002".equals(j.path("cmd").asText()) ? 0 : j.path("error").asInt(-1);
            case "openim" -> j.path("errCode").asInt(-1);
            case "tencent" -> j.path("ErrorCode").asInt(-1);
            case "netease" -> j.path("code").asInt(-1) == 200 ? 0 : j.path("code").asInt(-1);
            default -> throw new IllegalArgumentException(vendor);
        };
    }

    /** The sender, recipients and elements a sandbox received in one request, read with that vendor's codec. */
    record Arrival(String sender, List<String> recipients, List<Element> elements) {
    }

    static Arrival arrival(String vendor, JsonNode request) {
        return switch (vendor) {
            case "mychat" -> new Arrival(request.get("UserFrom").asText(), List.of(request.get("UserTo").asText()),
                    List.of(request.path("MsgType").asInt(1) == 1 ? new Element.Text(request.get("Msg").asText())
                            : new Element.Custom(request.get("Msg").asText(), null, null, null,
                            request.get("MsgType").asInt())));
            case "openim" -> new Arrival(request.get("sendID").asText(), List.of(request.get("recvID").asText()),
                    List.of(OpenImCodec.element(request.get("contentType").asInt(), (ObjectNode) request.get("content"))));
            case "tencent" -> new Arrival(request.get("From_Account").asText(),
                    List.of(request.get("To_Account").asText()), TencentCodec.elements(request.get("MsgBody")));
            case "netease" -> {
                Map<String, String> form = new LinkedHashMap<>();
                request.fields().forEachRemaining(f -> form.put(f.getKey(), f.getValue().asText()));
                NetEaseSend send = NetEaseRequests.validateSend(form);
                yield new Arrival(send.from(), send.to(),
                        io.imbridge.provider.netease.NetEaseCodec.toCanonical(send, "x", 0).elements());
            }
            default -> throw new IllegalArgumentException(vendor);
        };
    }

    /** The elements a sample holds, read with its own vendor's codec. */
    static List<Element> elementsOf(Sample s) {
        return switch (s.vendor()) {
            case "mychat" -> arrival("mychat", Json.parseOrNull(s.request())).elements();
            case "openim", "tencent" -> arrival(s.vendor(), Json.parseOrNull(s.request())).elements();
            case "netease" -> arrival("netease", formObject(s.request())).elements();
            default -> throw new IllegalArgumentException(s.vendor());
        };
    }

    /** What {@code target} can carry of an element: its codec's write then read. */
    static List<Element> carried(String target, List<Element> elements) {
        return switch (target) {
            case "mychat" -> List.of(elements.size() == 1 && elements.get(0) instanceof Element.Custom c
                    && c.subType() != null && c.subType() != 1 && c.data() != null
                    ? new Element.Custom(c.data(), null, null, null, c.subType())
                    : new Element.Text(io.imbridge.provider.mychat.MyChatCodec.text(elements)));
            case "openim" -> elements.stream().map(e -> OpenImCodec.element(OpenImCodec.contentType(e),
                    OpenImCodec.content(e))).toList();
            case "tencent" -> TencentCodec.elements(TencentCodec.msgBody(elements));
            case "netease" -> elements.stream().map(e -> {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("roomid", "1");
                form.put("msgId", "x");
                form.put("fromAccid", "a");
                form.put("toAccids", "[\"b\"]");
                form.put("msgType", Integer.toString(io.imbridge.provider.netease.NetEaseCodec.msgType(e)));
                form.put("attach", io.imbridge.provider.netease.NetEaseCodec.attach(e));
                if (e instanceof Element.Custom c && c.subType() != null) {
                    form.put("subType", c.subType().toString());
                }
                return io.imbridge.provider.netease.NetEaseCodec.toCanonical(NetEaseRequests.validateSend(form), "x", 0)
                        .elements().get(0);
            }).toList();
            default -> throw new IllegalArgumentException(target);
        };
    }

    /** The value of an element a reader must find wherever it arrives: never dropped silently. */
    static String essence(Element e) {
        if (e instanceof Element.Text t) {
            return t.text();
        } else if (e instanceof Element.Alert a) {
            return a.text();
        } else if (e instanceof Element.Image i) {
            return i.variants().get(0).url();
        } else if (e instanceof Element.Audio a) {
            return a.url();
        } else if (e instanceof Element.Video v) {
            return v.url();
        } else if (e instanceof Element.File f) {
            return f.url();
        } else if (e instanceof Element.Location l) {
            return l.description();
        } else if (e instanceof Element.Face f) {
            return f.data();
        } else if (e instanceof Element.Custom c) {
            return c.data();
        }
        throw new IllegalArgumentException(e.toString());
    }
}
