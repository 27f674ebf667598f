package io.imbridge.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.provider.Exchanges;

/**
 * Who is who across providers, from the CSV named by {@code bridge.accounts.file}: a header naming providers
 * ({@code mychat,tencent,openim,netease}) and one row per person. A MyChat cell may list the UIN, e-mail and
 * nickname separated by {@code |}; the first form is the one the bridge sends. An id the file does not know passes
 * through unchanged.
 */
@BindToRegistry("accountDirectory")
public class AccountDirectory {

    private static final String MYCHAT = "mychat";

    /** provider → lower-cased id (every alias) → person row */
    private final Map<String, Map<String, Map<String, List<String>>>> index = new HashMap<>();

    @PropertyInject(value = "bridge.accounts.file", defaultValue = "")
    public void setFile(String file) throws IOException {
        index.clear();
        if (file == null || file.isBlank()) {
            return;
        }
        load(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8));
    }

    void load(List<String> lines) {
        for (DirectoryFile.Row row : DirectoryFile.rows(lines)) {
            Map<String, List<String>> person = new HashMap<>();
            row.cells().forEach((provider, cell) -> {
                List<String> aliases = new ArrayList<>();
                for (String alias : cell.split("\\|")) {
                    if (!alias.isBlank()) {
                        aliases.add(alias.trim());
                    }
                }
                if (!aliases.isEmpty()) {
                    person.put(provider, aliases);
                }
            });
            for (var e : person.entrySet()) {
                for (String alias : e.getValue()) {
                    var byId = index.computeIfAbsent(e.getKey(), k -> new HashMap<>());
                    if (byId.putIfAbsent(alias.toLowerCase(Locale.ROOT), person) != null) {
                        throw new IllegalArgumentException("accounts file line " + row.lineNo() + ": " + e.getKey()
                                + " id listed twice");
                    }
                }
            }
        }
    }

    private Map<String, List<String>> person(String provider, String id) {
        var byId = index.get(provider);
        return byId == null || id == null ? null : byId.get(id.toLowerCase(Locale.ROOT));
    }

    /** {@code id} at {@code from} as {@code to} knows the same person; {@code id} itself when not mapped. */
    public String translate(String from, String to, String id) {
        if (from.equals(to)) {
            return id;
        }
        var p = person(from, id);
        List<String> there = p == null ? null : p.get(to);
        return there == null ? id : there.get(0);
    }

    /** {@code message} with its sender and recipients as {@code target} knows the same people. */
    public CanonicalMessage address(CanonicalMessage message, String target) {
        String source = message.source().vendor();
        List<String> recipients = new java.util.ArrayList<>(message.recipients().size());
        for (String r : message.recipients()) {
            recipients.add(translate(source, target, r));
        }
        return message.withParties(translate(source, target, message.sender()), recipients);
    }

    /**
     * Route step before a caller's reply: the first recipient's ids at the source provider (a group message's
     * sender's), every form the file lists (the provider's reply picks the one it answers with, e.g. MyChat's UIN).
     */
    public void recipientAliases(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        String source = exchange.getProperty(Exchanges.SOURCE, String.class);
        String party = m == null ? null : m.addressedToGroup() ? m.sender()
                : m.recipients().isEmpty() ? null : m.recipients().get(0);
        var p = party == null || source == null ? null : person(source, party);
        List<String> aliases = p == null ? null : p.get(source);
        exchange.setProperty(Exchanges.RECIPIENT_ALIASES, aliases == null ? List.of() : aliases);
    }

    /** A MyChat party's UIN: from the file (any of its forms), else the id itself when numeric; null if unknown. */
    public Long mychatUin(String mychatId) {
        var p = person(MYCHAT, mychatId);
        if (p != null) {
            for (String alias : p.get(MYCHAT)) {
                Long uin = asUin(alias);
                if (uin != null) {
                    return uin;
                }
            }
        }
        return asUin(mychatId);
    }

    private static Long asUin(String s) {
        if (s == null || s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(s);
    }
}
