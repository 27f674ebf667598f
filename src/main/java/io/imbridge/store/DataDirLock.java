package io.imbridge.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The embedded store belongs to one process: a bridge that finds another one's work under way in it takes it over as
 * the leftover of a dead process, so a second process on the same data directory must not start. The lock is the
 * operating system's on {@code <name>.lock} (released by the OS when the process dies, even by {@code kill -9}); the
 * file itself stays, empty.
 */
final class DataDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock take(Path dataDir, String name) {
        Path file = dataDir.resolve(name + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DataDirLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // held by this process already (another store on the same file)
        } catch (IOException e) {
            close(channel);
            throw new IllegalStateException("cannot lock the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        close(channel);
        throw new IllegalStateException("the data directory " + dataDir + " is in use by another bridge process ("
                + file.getFileName() + " is locked)");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close releases it too
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to release
            }
        }
    }
}
