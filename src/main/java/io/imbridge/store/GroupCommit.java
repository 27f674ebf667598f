package io.imbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * Group commit: the store's writes, from any number of threads, are made by one writer thread, and the writes that
 * arrive while it commits are made together in its next transaction and committed once. Each caller waits until the
 * commit that holds its write is done, so it is answered only once its write is durable, exactly as with a commit of
 * its own; but concurrent messages share the cost of a commit (on SQLite pages appended to its log, on PostgreSQL a WAL
 * flush), which was the bridge's whole limit. Nothing waits for a batch to fill: a lone write is committed at once,
 * and batches grow only as fast as writes arrive during a commit.
 * <p>
 * A batch is first made as one transaction. If one of its writes fails (a duplicate key, a constraint), the batch is
 * undone and made again with each write under a savepoint, so the failing one is undone alone and its caller gets the
 * error, while the others commit (a savepoint per write costs two more statements, paid only then). A write that
 * lost a lock to another process (PostgreSQL's deadlock or serialization failure) is made again in the next batch.
 * <p>
 * The writer keeps one connection and its prepared statements (the store's statements are a few dozen constants), so
 * a write is bound and run, not parsed again; a connection that failed is closed and the next batch takes another.
 */
final class GroupCommit implements AutoCloseable {

    /** A unit of work on the writer's connection: one caller's statements, atomic together. */
    interface Work<T> {
        T run(Statements s) throws SQLException;
    }

    /** The writer's connection and its prepared statements (kept open: a unit must not close one). */
    static final class Statements {
        private static final int MAX_KEPT = 256;
        final Connection connection;
        private final java.util.Map<String, PreparedStatement> prepared = new java.util.HashMap<>();

        Statements(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                if (prepared.size() >= MAX_KEPT) {
                    closeStatements();
                }
                ps = connection.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }

        private void closeStatements() {
            for (PreparedStatement ps : prepared.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    // closing a statement of a connection that is going away
                }
            }
            prepared.clear();
        }

        void close() {
            closeStatements();
            try {
                connection.close();
            } catch (SQLException e) {
                // a connection that failed: nothing more to release
            }
        }
    }

    private static final class Pending<T> {
        final Work<T> work;
        final CompletableFuture<T> done = new CompletableFuture<>();
        int lockRetries;

        Pending(Work<T> work) {
            this.work = work;
        }

        @SuppressWarnings("unchecked")
        void complete(Object result) {
            done.complete((T) result);
        }
    }

    private static final int LOCK_RETRIES = 5;

    private final DataSource dataSource;
    private final int maxBatch;
    /** The writer thread's connection, or null until the next batch opens one. */
    private Statements statements;
    private final BlockingDeque<Pending<?>> queue = new LinkedBlockingDeque<>();
    private final Thread writer;
    private volatile boolean open = true;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong units = new AtomicLong();

    GroupCommit(DataSource dataSource, int maxBatch, String name) {
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::run, "store-writer-" + name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Runs the work in the next commit; answers its result once that commit is durable, or throws its failure. */
    <T> T write(Work<T> work) throws SQLException {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("a write from within a write");
        }
        Pending<T> p = new Pending<>(work);
        if (!open) {
            throw new SQLException("the store is closed");
        }
        queue.add(p);
        try {
            return p.done.join(); // not interruptible: the write may already be committed
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Commits made, and writes made in them (a ratio for operations and the group-commit test). */
    long commits() {
        return commits.get();
    }

    long units() {
        return units.get();
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        while (open || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                open = false;
            } catch (Throwable t) { // never leave a caller waiting
                batch.forEach(p -> p.done.completeExceptionally(t));
            } finally {
                batch.clear();
            }
        }
        discardConnection();
        Pending<?> left;
        while ((left = queue.poll()) != null) {
            left.done.completeExceptionally(new SQLException("the store is closed"));
        }
    }

    private void commit(List<Pending<?>> batch) {
        Object[] results = new Object[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        List<Pending<?>> again = new ArrayList<>();
        try {
            Statements st = statements();
            Connection c = st.connection;
            boolean careful = false;
            while (true) {
                try {
                    if (careful) {
                        runEach(st, batch, results, failures, again);
                    } else {
                        for (int i = 0; i < batch.size(); i++) {
                            results[i] = batch.get(i).work.run(st);
                        }
                    }
                    c.commit();
                    break;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    if (careful || batch.size() == 1 && !lostALock(e)) {
                        if (careful) {
                            throw e;
                        }
                        failures[0] = e; // alone: its failure is its caller's, nothing to make again
                        break;
                    }
                    careful = true; // one of the batch failed: each under its savepoint, to find which
                }
            }
        } catch (SQLException | RuntimeException e) {
            discardConnection();
            batch.forEach(p -> p.done.completeExceptionally(e));
            return;
        }
        commits.incrementAndGet();
        units.addAndGet(batch.size() - again.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending<?> p = batch.get(i);
            if (again.contains(p)) {
                continue;
            }
            if (failures[i] != null) {
                p.done.completeExceptionally(failures[i]);
            } else {
                p.complete(results[i]);
            }
        }
        for (int i = again.size() - 1; i >= 0; i--) {
            queue.addFirst(again.get(i));
        }
    }

    /** The batch, each write under a savepoint: one that fails is undone alone (or, a lost lock, made again later). */
    private static void runEach(Statements st, List<Pending<?>> batch, Object[] results, Throwable[] failures,
                                List<Pending<?>> again) throws SQLException {
        Connection c = st.connection;
        for (int i = 0; i < batch.size(); i++) {
            failures[i] = null;
            Savepoint sp = c.setSavepoint();
            try {
                results[i] = batch.get(i).work.run(st);
                c.releaseSavepoint(sp);
            } catch (SQLException | RuntimeException e) {
                c.rollback(sp);
                if (lostALock(e) && batch.get(i).lockRetries++ < LOCK_RETRIES) {
                    again.add(batch.get(i));
                } else {
                    failures[i] = e;
                }
            }
        }
    }

    /** The writer's connection, opened (in a transaction: auto-commit off) when there is none. */
    private Statements statements() throws SQLException {
        if (statements == null) {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            statements = new Statements(c);
        }
        return statements;
    }

    private void discardConnection() {
        if (statements != null) {
            statements.close();
            statements = null;
        }
    }

    /**
     * PostgreSQL's deadlock (40P01) or serialization failure (40001), SQLite's busy file (5: another connection wrote
     * since this transaction read): the other transaction went first.
     */
    private static boolean lostALock(Exception e) {
        return e instanceof SQLException s && (s.getSQLState() != null && s.getSQLState().startsWith("40")
                || s.getErrorCode() == 5 && s.getClass().getName().startsWith("org.sqlite."));
    }

    /** Makes the writes queued so far, then stops. */
    @Override
    public void close() {
        open = false;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
