package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CSV the accounts and groups files share: blank lines and {@code #} comments skipped, a header naming
 * providers (lower-cased), then one row per person or group; a field may be quoted with double quotes ({@code ""}
 * inside is a quote).
 */
final class DirectoryFile {

    /** One row: its line number in the file, and each provider's non-blank cell, trimmed. */
    record Row(int lineNo, Map<String, String> cells) {
    }

    private DirectoryFile() {
    }

    static List<Row> rows(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        List<String> header = null;
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = cells(line);
            if (header == null) {
                header = cells.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size() && i < cells.size(); i++) {
                if (!cells.get(i).isBlank()) {
                    row.put(header.get(i), cells.get(i).trim());
                }
            }
            rows.add(new Row(lineNo, row));
        }
        return rows;
    }

    /** Splits a CSV line; a field may be quoted with double quotes ("" inside is a quote). */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }
}
