package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The slides' zlib: {@code zlib.compress} and {@code zlib.decompress}, and a {@code decompressobj}
 * on a stream of two compressed messages followed by raw bytes, showing that a zlib stream knows
 * where it ends ({@code unused_data} is what follows it).
 *
 * <p>Decompression is bounded: past {@code maxOutput} bytes it fails instead of growing without
 * limit (a few kilobytes of zlib can expand to gigabytes). Thread-safe (static methods only).
 */
public final class Zlib {

  /** The most bytes {@link #decompress(byte[])} produces. */
  public static final int MAX_OUTPUT = 16 * 1024 * 1024;

  private Zlib() {}

  /** One decompressed stream and the bytes after its end. Immutable and thread-safe. */
  public static final class Inflated {
    private final byte[] data;
    private final byte[] unused;

    Inflated(byte[] data, byte[] unused) {
      this.data = data.clone();
      this.unused = unused.clone();
    }

    /** The decompressed bytes (a copy). */
    public byte[] data() {
      return data.clone();
    }

    /** The bytes after the end of the zlib stream, {@code unused_data} (a copy). */
    public byte[] unused() {
      return unused.clone();
    }
  }

  /** {@code zlib.compress(data)}: the zlib format (RFC 1950) at the default level. */
  public static byte[] compress(byte[] data) {
    Deflater deflater = new Deflater();
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** {@code zlib.decompress(data)}, at most {@link #MAX_OUTPUT} bytes. */
  public static byte[] decompress(byte[] data) throws DataFormatException {
    return decompressFirst(data, MAX_OUTPUT).data();
  }

  /**
   * Decompresses the zlib stream at the start of {@code data} ({@code decompressobj}); what follows
   * the stream's end is {@link Inflated#unused()}.
   *
   * @throws DataFormatException the data is not zlib, is cut short, or expands past {@code
   *     maxOutput}
   */
  public static Inflated decompressFirst(byte[] data, int maxOutput) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      // Bounded: each round produces output, or the stream is finished, or it fails.
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated zlib stream after " + out.size() + " bytes");
        }
        if (out.size() + n > maxOutput) {
          throw new DataFormatException("zlib stream expands past " + maxOutput + " bytes");
        }
        out.write(buffer, 0, n);
      }
      byte[] unused = Arrays.copyOfRange(data, data.length - inflater.getRemaining(), data.length);
      return new Inflated(out.toByteArray(), unused);
    } finally {
      inflater.end();
    }
  }

  /** Prints a compression, its decompression, and the two-stream example. */
  public static void run(PrintStream out) throws DataFormatException {
    HexFormat hex = HexFormat.ofDelimiter(" ");
    byte[] text = "Python".getBytes(UTF_8);
    byte[] compressed = compress(text);
    out.println("zlib.compress(b'Python') -> " + hex.formatHex(compressed));
    out.println("zlib.decompress(...) -> " + new String(decompress(compressed), UTF_8));
    byte[] repeated = "sockets, framing, rpc; ".repeat(40).getBytes(UTF_8);
    out.println(
        "zlib.compress of "
            + repeated.length
            + " repetitive bytes -> "
            + compress(repeated).length
            + " bytes");
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (String word : List.of("Python", "zlib")) {
      stream.writeBytes(compress(word.getBytes(UTF_8)));
    }
    stream.writeBytes("sockets".getBytes(UTF_8));
    byte[] rest = stream.toByteArray();
    for (int i = 0; i < 2; i++) {
      Inflated first = decompressFirst(rest, MAX_OUTPUT);
      out.println(
          "d.decompress(...) -> "
              + new String(first.data(), UTF_8)
              + "; d.unused_data -> "
              + first.unused().length
              + " bytes");
      rest = first.unused();
    }
    out.println("left after both streams: " + new String(rest, UTF_8));
  }
}
