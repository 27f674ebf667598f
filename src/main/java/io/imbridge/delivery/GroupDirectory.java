package io.imbridge.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.Provider;
import io.imbridge.provider.Providers;
import io.imbridge.support.ContextBean;

/**
 * Which groups are one across providers, from the CSV named by {@code bridge.groups.file}: a header naming providers
 * and one row per bridged group, each cell the group's id as that provider writes it (the provider says what a cell
 * means: {@link Provider#group}; e.g. a NetEase cell is a team's tid or {@code room:<roomid>}). A group message is
 * delivered to its row's group at each target; a group with no row, or no cell for the target, is an unknown
 * recipient there. A target of the source's own provider without a row gets the group unchanged (as an id the
 * accounts file does not know passes through).
 */
@BindToRegistry("groupDirectory")
public class GroupDirectory extends ContextBean implements org.apache.camel.spi.OnCamelContextStarted {

    /** provider → cell → the group's row (provider → cell) */
    private final Map<String, Map<String, Map<String, String>>> index = new HashMap<>();
    @BeanInject("providers")
    Providers providers;
    /** Whether every provider the file's header names was found (checked at the first group message). */
    private volatile boolean headerChecked;

    @PropertyInject(value = "bridge.groups.file", defaultValue = "")
    public void setFile(String file) throws IOException {
        load(file == null || file.isBlank() ? List.of() : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8));
    }

    void load(List<String> lines) {
        index.clear();
        headerChecked = false;
        for (DirectoryFile.Row row : DirectoryFile.rows(lines)) {
            Map<String, String> group = row.cells();
            for (var e : group.entrySet()) {
                var byCell = index.computeIfAbsent(e.getKey(), k -> new HashMap<>());
                if (byCell.putIfAbsent(e.getValue(), group) != null) {
                    throw new IllegalArgumentException("groups file line " + row.lineNo() + ": " + e.getKey()
                            + " group " + e.getValue() + " listed twice");
                }
            }
        }
    }

    /** At start, a provider name the file's header misspells is said at once (its groups are refused until mended). */
    @Override
    public void onContextStarted(org.apache.camel.CamelContext context) {
        for (String named : index.keySet()) {
            if (providers.named(named) == null) {
                org.slf4j.LoggerFactory.getLogger(GroupDirectory.class).warn("bridge.groups.file names '{}', which is"
                        + " no provider: every group message is refused until the file is mended", named);
            }
        }
    }

    /**
     * {@code message} in the conversation {@code target} knows its group by; any other message unchanged. Throws
     * {@link ErrorCategory#RECIPIENT_UNKNOWN} for a group the file does not bridge to {@code target}.
     */
    public CanonicalMessage address(CanonicalMessage message, String target) {
        if (!message.addressedToGroup()) {
            return message;
        }
        if (!headerChecked) {
            // a misspelt provider would make every group unknown there: the file is refused instead
            for (String named : index.keySet()) {
                if (providers.named(named) == null) {
                    throw new BridgeException(ErrorCategory.BRIDGE_CONFIG,
                            "bridge.groups.file names '" + named + "', which is no provider");
                }
            }
            headerChecked = true;
        }
        String source = message.source().vendor();
        String cell = provider(source).groupCell(message.conversation());
        Map<String, String> row = index.getOrDefault(source, Map.of()).get(cell);
        String there = row == null ? null : row.get(target);
        if (there == null) {
            if (source.equals(target) && row == null) {
                return message;
            }
            throw new BridgeException(ErrorCategory.RECIPIENT_UNKNOWN, target, null, "group " + cell + " at "
                    + source + " is not bridged to a group at " + target + " (bridge.groups.file)");
        }
        return message.inConversation(provider(target).group(there));
    }

    private Provider provider(String name) {
        Provider p = providers.named(name);
        if (p == null) {
            throw new BridgeException(ErrorCategory.BRIDGE_CONFIG, "no provider named " + name);
        }
        return p;
    }
}
