package io.capas.hftp;

import static com.google.common.base.Preconditions.checkArgument;

/** A well-formed HFTP request, as the {@link RequestParser} makes it. Immutable and thread-safe. */
sealed interface Request {

  /** {@code get_file_listing}: the names of the served files. */
  record GetFileListing() implements Request {}

  /** {@code get_metadata FILENAME}: the file's size in bytes. */
  record GetMetadata(String fileName) implements Request {
    public GetMetadata {
      checkArgument(FileNames.isValid(fileName), "invalid file name: %s", fileName);
    }
  }

  /** {@code get_slice FILENAME OFFSET SIZE}: SIZE bytes of the file from OFFSET, in base64. */
  record GetSlice(String fileName, long offset, long size) implements Request {
    public GetSlice {
      checkArgument(FileNames.isValid(fileName), "invalid file name: %s", fileName);
      checkArgument(offset >= 0 && size >= 0, "negative offset %s or size %s", offset, size);
    }
  }

  /** {@code quit}: the server answers, then closes the connection. */
  record Quit() implements Request {}
}
