package io.imbridge.migrate;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;


/**
 * A migration's input files: one file, a folder's files in name order (hidden ones left out), or standard input;
 * gzip is recognised by its magic bytes and read transparently. Lines are read as UTF-8 text.
 */
final class MigrationInput {

    /** A line of input, numbered from 1 within its file. */
    record Line(String file, long number, String text) {
    }

    /** What a line is handed to. */
    interface LineSink {
        void line(Line line);
    }

    static final String STDIN = "-";

    private final String spec;
    private final List<Path> files;

    private MigrationInput(String spec, List<Path> files) {
        this.spec = spec;
        this.files = files;
    }

    static MigrationInput of(String spec) {
        if (STDIN.equals(spec)) {
            return new MigrationInput(spec, List.of());
        }
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                List<Path> files = s.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().startsWith("."))
                        .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                        .toList();
                return new MigrationInput(spec, files);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + spec, e);
            }
        }
        if (!Files.isRegularFile(p)) {
            throw new MigrateOptions.UsageException("--input " + spec + ": no such file or folder");
        }
        return new MigrationInput(spec, List.of(p));
    }

    boolean isStdin() {
        return STDIN.equals(spec);
    }

    /** The input as it names itself in the run's record: an absolute path, or {@code -}. */
    String name() {
        return isStdin() ? STDIN : Path.of(spec).toAbsolutePath().normalize().toString();
    }

    /**
     * A SHA-256 over every file's name and bytes, in reading order: an input changed between two runs has another.
     * Standard input cannot be read twice: its fingerprint is taken while it is read ({@link #read}).
     */
    String fingerprint() {
        MessageDigest sha = sha256();
        for (Path f : files) {
            sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            try (InputStream in = new DigestInputStream(Files.newInputStream(f), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Reads every line in order; answers the fingerprint of what was read. */
    String read(LineSink sink) {
        MessageDigest sha = sha256();
        if (isStdin()) {
            readStream("-", new DigestInputStream(System.in, sha), sink);
        } else {
            for (Path f : files) {
                sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = new DigestInputStream(Files.newInputStream(f), sha)) {
                    readStream(f.toString(), in, sink);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + f, e);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void readStream(String file, InputStream raw, LineSink sink) {
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            InputStream text = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
            BufferedReader reader = new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8), 1 << 16);
            long n = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                sink.line(new Line(file, ++n, line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The files read, for the report. */
    List<String> fileNames() {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.toString()));
        return names;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
