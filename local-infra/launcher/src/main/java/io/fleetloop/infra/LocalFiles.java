package io.fleetloop.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.nio.file.StandardOpenOption;

/**
 * The local file system as the launcher needs it: writing and rotating logs, deleting trees, permissions and
 * owners (Elasticsearch runs as another user when we are root), quoting paths into config files.
 */
final class LocalFiles {

    private LocalFiles() {
    }

    /** True when this JVM runs as root (uid 0) on a Unix system. */
    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void append(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the log of the previous run as {@code <name>.1} and starts a new one. */
    static void rotate(Path log) {
        try {
            if (Files.isRegularFile(log) && Files.size(log) > 0) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last lines of a text file (empty if it cannot be read). */
    static List<String> tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int window = (int) Math.min(length, 16_384);
            byte[] bytes = new byte[window];
            raf.seek(length - window);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            Deque<String> last = new ArrayDeque<>();
            for (int i = all.length - 1; i >= 0 && last.size() < lines; i--) {
                last.addFirst(all[i]);
            }
            return List.copyOf(last);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Text from {@code offset} to the end of the file (for watching a log for a line). */
    static String readFrom(Path file, long offset) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 64L << 20)];
            raf.seek(offset);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /**
     * True if every existing folder from the root down to {@code dir} can be traversed by any user
     * ("others" x bit). Call it once {@code dir} exists: folders still to be created are not judged.
     */
    static boolean traversableByOthers(Path dir) {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue;
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    /** Gives every file and folder under {@code root} (and root itself) to user:group, where it differs. */
    static void chownTree(Path root, String user, String group) {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            UserPrincipal owner = lookup.lookupPrincipalByName(user);
            GroupPrincipal grp = lookup.lookupPrincipalByGroupName(group);
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!view.getOwner().equals(owner)) {
                        view.setOwner(owner);
                    }
                    if (!view.readAttributes().group().equals(grp)) {
                        view.setGroup(grp);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + root + " to " + user + ":" + group, e);
        }
    }

    /** The first of the names that is a group on this system. */
    static String existingGroup(String... names) {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        for (String name : names) {
            try {
                lookup.lookupPrincipalByGroupName(name);
                return name;
            } catch (IOException e) {
                // try the next one
            }
        }
        throw new IllegalStateException("none of the groups " + Arrays.toString(names) + " exists");
    }

    static boolean userExists(String name) {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies {@link io.fleetloop.infra.child.ParentWatch} as a class file under {@code dir} and returns
     * {@code dir}, to be used as a classpath entry of a child JVM.
     */
    static Path installParentWatch(Path dir) {
        String resource = "io/fleetloop/infra/child/ParentWatch.class";
        try (InputStream in = LocalFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " not found");
            }
            byte[] bytes = in.readAllBytes();
            Path target = dir.resolve(resource);
            if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), "ParentWatch", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quotes a value for a {@code java @argfile}. */
    static String argFileQuote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Quotes a value for YAML / Java properties written by us (double-quoted YAML scalar). */
    static String yamlQuote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
