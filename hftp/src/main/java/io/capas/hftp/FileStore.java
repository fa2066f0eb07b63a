package io.capas.hftp;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The served directory: its regular files whose names are valid HFTP {@linkplain FileNames file
 * names}. Symbolic links and sub-directories are neither listed nor served, so nothing outside the
 * directory can be reached. Safe for concurrent use (it holds no state but the path).
 */
final class FileStore {

  /** Listing more entries than this is refused with an {@code IOException}. */
  static final int MAX_LISTED_FILES = 1_000_000;

  private final Path directory;

  FileStore(Path directory) throws IOException {
    this.directory = directory.toRealPath();
    checkArgument(Files.isDirectory(this.directory), "not a directory: %s", directory);
  }

  Path directory() {
    return directory;
  }

  /** The names of the served files, sorted. */
  List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (FileNames.isValid(name) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          if (names.size() == MAX_LISTED_FILES) {
            throw new IOException("more than " + MAX_LISTED_FILES + " files in " + directory);
          }
          names.add(name);
        }
      }
    }
    names.sort(null);
    return names;
  }

  /** The size of a served file, or empty if there is no such served file. */
  Optional<Long> size(String name) throws IOException {
    return attributes(name).map(BasicFileAttributes::size);
  }

  /** Opens a served file for reading, or returns empty if there is no such served file. */
  Optional<FileChannel> open(String name) throws IOException {
    if (attributes(name).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          FileChannel.open(resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // removed since we looked
    }
  }

  private Optional<BasicFileAttributes> attributes(String name) throws IOException {
    if (!FileNames.isValid(name)) {
      return Optional.empty();
    }
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attributes.isRegularFile() ? Optional.of(attributes) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private Path resolve(String name) {
    Path path = directory.resolve(name);
    // FileNames already rules out separators, "." and ".."; this states the invariant.
    checkArgument(directory.equals(path.getParent()), "%s escapes %s", name, directory);
    return path;
  }
}
