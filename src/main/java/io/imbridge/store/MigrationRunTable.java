package io.imbridge.store;

import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/**
 * The owner of {@code migration_runs}: one row per migration of one input (its from, to and input), with the
 * fingerprint of the input it planned and where it stands (planning, planned, finished).
 */
@BindToRegistry("migrationRunTable")
public class MigrationRunTable {

    /** Where a run stands. */
    public enum State { PLANNING, PLANNED, FINISHED }

    /** A run. {@code finishedAt} is 0 until it finished; {@code lines} and {@code blankLines} once planned. */
    public record Run(String runId, String from, String to, String input, String fingerprint, State state,
                      long startedAt, long finishedAt, long lines, long blankLines) {
    }

    static final String COLUMNS = "SELECT run_id, from_vendor, to_vendor, input, fingerprint, state, started_at,"
            + " finished_at, lines, blank_lines FROM migration_runs";
    static final String ONE = COLUMNS + " WHERE run_id = ?";
    static final Dialect.Upsert START = Dialect.Upsert.of("migration_runs",
            "run_id, from_vendor, to_vendor, input, fingerprint, state, started_at, finished_at", 1);
    static final String PLANNED = "UPDATE migration_runs SET state = 'PLANNED', fingerprint = ?, lines = ?,"
            + " blank_lines = ? WHERE run_id = ?";
    static final String STATE = "UPDATE migration_runs SET state = ?, finished_at = ? WHERE run_id = ?";
    static final String DELETE = "DELETE FROM migration_runs WHERE run_id = ?";

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    public Run get(String runId) {
        List<Run> rows = db.query(ONE, rs -> new Run(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), State.valueOf(rs.getString(6)), rs.getLong(7), rs.getLong(8),
                rs.getLong(9), rs.getLong(10)),
                runId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A run (re)started from its input, for a transaction that also clears its earlier plan. */
    public BridgeDatabase.Update start(String runId, String from, String to, String input, String fingerprint) {
        return new BridgeDatabase.Update(db.sql(START), runId, from, to, input, fingerprint, "PLANNING",
                System.currentTimeMillis(), null);
    }

    /** Every line of the input is read and planned; {@code fingerprint} is what was read. */
    public void planned(String runId, String fingerprint, long lines, long blankLines) {
        db.update(PLANNED, fingerprint, lines, blankLines, runId);
    }

    /** Every planned message has its outcome. */
    public void finished(String runId) {
        db.update(STATE, State.FINISHED.name(), System.currentTimeMillis(), runId);
    }

    /** Taken up again (a resumed run retries what failed). */
    public void resumed(String runId) {
        db.update(STATE, State.PLANNED.name(), null, runId);
    }

    public BridgeDatabase.Update delete(String runId) {
        return new BridgeDatabase.Update(DELETE, runId);
    }
}
