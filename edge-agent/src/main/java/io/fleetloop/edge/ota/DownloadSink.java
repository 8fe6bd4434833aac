package io.fleetloop.edge.ota;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where downloaded artifact bytes go. {@link #position()} is how many bytes it already holds, so a download can
 * resume with {@code Range: bytes=<position>-}; {@link #reset()} starts over when the server sends the whole file.
 */
public interface DownloadSink extends Closeable {

    long position();

    void reset() throws IOException;

    void write(byte[] bytes, int offset, int length) throws IOException;

    /** The sha256 of all bytes held, lower-case hex. */
    String sha256Hex() throws IOException;

    /** The file holding the bytes, if the sink keeps them. */
    Optional<Path> file();

    /** Appends to a file that survives a restart of the agent: a partial file is resumed on the next attempt. */
    static DownloadSink toFile(Path file) throws IOException {
        return new FileSink(file);
    }

    /** Keeps only a running sha256 and a count: a simulated device downloads every byte but stores none. */
    static DownloadSink toDigest() {
        return new DigestSink();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    final class FileSink implements DownloadSink {
        private final Path path;
        private final FileChannel channel;

        private FileSink(Path path) throws IOException {
            this.path = path;
            Files.createDirectories(path.toAbsolutePath().getParent());
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.position(channel.size());
        }

        @Override
        public long position() {
            try {
                return channel.size();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the size of " + path, e);
            }
        }

        @Override
        public void reset() throws IOException {
            channel.truncate(0);
            channel.position(0);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        @Override
        public String sha256Hex() throws IOException {
            MessageDigest digest = sha256();
            try (InputStream in = Files.newInputStream(path)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        }

        @Override
        public Optional<Path> file() {
            return Optional.of(path);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    final class DigestSink implements DownloadSink {
        private final MessageDigest digest = sha256();
        private long count;

        @Override
        public long position() {
            return count;
        }

        @Override
        public void reset() {
            digest.reset();
            count = 0;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
            count += length;
        }

        @Override
        public String sha256Hex() {
            try {
                return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
            }
        }

        @Override
        public Optional<Path> file() {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }
}
