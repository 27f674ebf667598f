package io.imbridge.provider.sandbox;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The groups a sandbox holds, from its {@code bridge.sandbox.<provider>.groups} property: comma-separated
 * {@code id:member|member[:muted|:dissolved]} (e.g. {@code g1:alice|bob,g2:alice:muted,g3::dissolved}). Unset, every
 * group exists and everyone is in it; set, only those groups exist. Each sandbox answers a check's outcome with its
 * provider's own code.
 */
public final class SandboxGroups {

    /** What a send into a group meets. */
    public enum Check { OK, NO_GROUP, NOT_MEMBER, MUTED, DISSOLVED }

    private record Group(Set<String> members, String state) {
    }

    private final Map<String, Group> groups;

    private SandboxGroups(Map<String, Group> groups) {
        this.groups = groups;
    }

    /** Every group exists, everyone in it. */
    public static final SandboxGroups OPEN = new SandboxGroups(null);

    public static SandboxGroups parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return OPEN;
        }
        Map<String, Group> groups = new HashMap<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split(":", -1);
            if (parts[0].isBlank()) {
                continue;
            }
            Set<String> members = parts.length > 1 ? SandboxStore.accounts(parts[1].replace('|', ','))
                    .stream().map(m -> m.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet())
                    : Set.of();
            String state = parts.length > 2 ? parts[2].trim().toLowerCase(Locale.ROOT) : "";
            groups.put(parts[0].trim(), new Group(members, state));
        }
        return new SandboxGroups(groups);
    }

    /** What {@code sender}'s send into {@code group} meets (a dissolved group before its members, then a mute). */
    public Check check(String group, String sender) {
        if (groups == null) {
            return Check.OK;
        }
        Group g = group == null ? null : groups.get(group);
        if (g == null) {
            return Check.NO_GROUP;
        }
        if ("dissolved".equals(g.state())) {
            return Check.DISSOLVED;
        }
        if (sender == null || !g.members().contains(sender.toLowerCase(Locale.ROOT))) {
            return Check.NOT_MEMBER;
        }
        return "muted".equals(g.state()) ? Check.MUTED : Check.OK;
    }
}
