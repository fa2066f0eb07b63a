package io.capas.socket;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * How a Unix socket server creates its socket file. Immutable and thread-safe.
 *
 * @param mode the file's permissions, set right after bind; connecting needs write permission, so
 *     {@code rw-------} (the default) admits the owner only and {@code rw-rw----} the group too
 * @param removeStale whether a socket file left by a dead server (nothing accepts on it) is removed
 *     before binding; off by default, when binding over it fails with a {@link
 *     java.net.BindException} saying so. A live server's file is never removed.
 */
public record UnixSocketOptions(Set<PosixFilePermission> mode, boolean removeStale) {

  public UnixSocketOptions {
    mode = Set.copyOf(mode);
    checkArgument(!mode.isEmpty(), "a socket file nobody may open: empty mode");
  }

  /** Owner-only ({@code rw-------}), stale files kept. */
  public static UnixSocketOptions defaults() {
    return new UnixSocketOptions(PosixFilePermissions.fromString("rw-------"), false);
  }

  /** These options with {@code mode} given as {@code ls} shows it, e.g. {@code rw-rw----}. */
  public UnixSocketOptions withMode(String permissions) {
    return new UnixSocketOptions(PosixFilePermissions.fromString(permissions), removeStale);
  }

  /** These options with {@link #removeStale()} set to {@code value}. */
  public UnixSocketOptions withRemoveStale(boolean value) {
    return new UnixSocketOptions(mode, value);
  }
}
