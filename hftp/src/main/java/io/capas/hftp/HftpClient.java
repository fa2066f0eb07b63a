package io.capas.hftp;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An HFTP client over one connection: one request at a time, each answered before the next.
 *
 * <pre>{@code
 * try (HftpClient client = HftpClient.connect(transport, Endpoint.of("localhost", 19500))) {
 *   List<String> files = client.listFiles();
 *   try (OutputStream out = Files.newOutputStream(Path.of(files.get(0)))) {
 *     client.get(files.get(0), out);
 *   }
 * }
 * }</pre>
 *
 * <p>A status other than {@code 0 OK} is an {@link HftpStatusException}; after a fatal one the
 * server has closed the connection. A malformed response is a {@link ProtocolException}. Not
 * thread-safe; one instance per connection, which it owns and closes.
 */
public final class HftpClient implements AutoCloseable {

  /** How much {@link #get} asks for per {@code get_slice}. */
  public static final int DEFAULT_CHUNK = 1024 * 1024;

  /** Bounds on what a listing may hold, so a broken server cannot exhaust the client. */
  static final int MAX_LISTING_ENTRIES = FileStore.MAX_LISTED_FILES;

  static final int MAX_NAME_LENGTH = 4096;

  private final Connection connection;
  private final ResponseReader reader;
  private final int chunk;

  /** Takes over {@code connection}. */
  public HftpClient(Connection connection) {
    this(connection, DEFAULT_CHUNK);
  }

  /** Takes over {@code connection}; {@link #get} asks for {@code chunk} bytes at a time. */
  public HftpClient(Connection connection, int chunk) {
    checkArgument(chunk > 0, "chunk must be positive: %s", chunk);
    this.connection = connection;
    this.reader = new ResponseReader(connection.input());
    this.chunk = chunk;
  }

  /** Connects with a 10 s connect timeout and a 60 s read timeout. */
  public static HftpClient connect(Transport transport, Endpoint server) throws IOException {
    Connection connection = transport.connect(server, Duration.ofSeconds(10));
    try {
      connection.readTimeout(Duration.ofSeconds(60));
    } catch (IOException e) {
      connection.close();
      throw e;
    }
    return new HftpClient(connection);
  }

  /** {@code get_file_listing}: the names of the served files. */
  public List<String> listFiles() throws IOException {
    request("get_file_listing");
    List<String> names = new ArrayList<>();
    while (true) {
      String name = reader.readLine(MAX_NAME_LENGTH);
      if (name.isEmpty()) {
        return names;
      }
      if (names.size() == MAX_LISTING_ENTRIES) {
        throw new ProtocolException("listing longer than " + MAX_LISTING_ENTRIES + " names");
      }
      names.add(name);
    }
  }

  /** {@code get_metadata}: the size of a file in bytes. */
  public long metadata(String fileName) throws IOException {
    request("get_metadata " + word(fileName));
    String line = reader.readLine(20);
    try {
      long size = Long.parseLong(line);
      if (size >= 0) {
        return size;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new ProtocolException("bad size in metadata of " + fileName + ": " + line);
  }

  /** {@code get_slice}: writes {@code size} bytes of a file from {@code offset} to {@code out}. */
  public void slice(String fileName, long offset, long size, OutputStream out) throws IOException {
    checkArgument(offset >= 0 && size >= 0, "negative offset %s or size %s", offset, size);
    request("get_slice " + word(fileName) + " " + offset + " " + size);
    reader.readSlice(size, out);
  }

  /** {@code get_slice} into memory. */
  public byte[] slice(String fileName, long offset, int size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    slice(fileName, offset, size, out);
    return out.toByteArray();
  }

  /**
   * Downloads a whole file: {@code get_metadata}, then {@code get_slice} in chunks; every slice
   * must hold exactly the bytes asked for.
   *
   * @return the file's size, which is how many bytes were written to {@code out}
   */
  public long get(String fileName, OutputStream out) throws IOException {
    long size = metadata(fileName);
    for (long offset = 0; offset < size; offset += chunk) {
      slice(fileName, offset, Math.min(chunk, size - offset), out);
    }
    return size;
  }

  /** {@code quit}: the server answers, then closes the connection. */
  public void quit() throws IOException {
    request("quit");
  }

  @Override
  public void close() {
    connection.close();
  }

  private void request(String line) throws IOException {
    connection.sendAll((line + "\r\n").getBytes(US_ASCII));
    HftpStatus status = reader.readStatus();
    if (status != HftpStatus.OK) {
      throw new HftpStatusException(status, line.length() > 80 ? line.substring(0, 80) : line);
    }
  }

  /** Only printable ASCII without spaces can be sent as one word of a request. */
  private static String word(String fileName) {
    checkArgument(!fileName.isEmpty(), "empty file name");
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      checkArgument(c > ' ' && c < 0x7F, "file name %s cannot be sent in a request", fileName);
    }
    return fileName;
  }
}
