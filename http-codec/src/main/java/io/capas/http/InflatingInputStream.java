package io.capas.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a gzip or deflate body as a stream, in a loop over members rather than by recursion, with
 * a cap on the decoded bytes and on the number of gzip members.
 *
 * <pre>
 *   gzip (RFC 1952), one or more members back to back:
 *   +----+----+----+-----+-------+-----+----+ [XLEN extra] [name 0] [comment 0] [CRC16]
 *   | 1f | 8b | 08 | FLG | MTIME | XFL | OS |   (as FLG's FEXTRA, FNAME, FCOMMENT, FHCRC say)
 *   +----+----+----+-----+-------+-----+----+
 *   deflate data (RFC 1951) | CRC32 of the data (LE) | ISIZE: data length mod 2^32 (LE)
 *
 *   deflate: a zlib stream (RFC 1950: CMF FLG, data, Adler-32), or raw deflate data (RFC 1951),
 *   which some peers send; told apart by the zlib header check.
 * </pre>
 *
 * <p>{@link java.util.zip.GZIPInputStream} reads the next member by recursing, so a body of 20,000
 * empty members (20 bytes each) overflowed the stack (issue 12). Here each member is one pass of
 * {@link #read}'s loop and one {@link Inflater} serves them all. Refusals are {@link
 * HttpException}s: 413 past {@code limit} decoded bytes (at most one byte more is ever inflated) or
 * past {@code maxMembers}; 400 for corrupt data, a bad CRC-32 or ISIZE, a body that ends inside a
 * member, and bytes after the last member or after the deflate stream. Errors of the source stream
 * pass through unchanged. Closing ends the inflater and closes the source. Not thread-safe.
 */
final class InflatingInputStream extends InputStream {
  private static final int BUFFER = 8 * 1024;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED = 0xe0;

  private enum State {
    START,
    HEADER,
    BODY,
    TRAILER,
    END,
    DONE,
    FAILED
  }

  private final @Nullable InputStream in;
  private final boolean gzip;
  private final String coding;
  private final long limit;
  private final int maxMembers;

  /** Input bytes: [pos, lim) not yet consumed (in BODY, handed to the inflater instead). */
  private byte[] buf;

  private int pos;
  private int lim;
  private @Nullable Inflater inflater;
  private final CRC32 crc = new CRC32();
  private long produced;
  private long memberSize;
  private int members;
  private State state = State.START;
  private boolean closed;

  /** Decodes what {@code in} delivers; reads it in 8 KiB steps. */
  static InflatingInputStream of(InputStream in, boolean gzip, long limit, int maxMembers) {
    return new InflatingInputStream(in, new byte[BUFFER], 0, gzip, limit, maxMembers);
  }

  /** Decodes {@code body} in place (it is read, never written). */
  static InflatingInputStream of(byte[] body, boolean gzip, long limit, int maxMembers) {
    return new InflatingInputStream(null, body, body.length, gzip, limit, maxMembers);
  }

  private InflatingInputStream(
      @Nullable InputStream in, byte[] buf, int lim, boolean gzip, long limit, int maxMembers) {
    this.in = in;
    this.buf = buf;
    this.lim = lim;
    this.gzip = gzip;
    this.coding = gzip ? "gzip" : "deflate";
    this.limit = limit;
    this.maxMembers = maxMembers;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    try {
      return step(b, off, len);
    } catch (IOException | RuntimeException e) {
      fail();
      throw e;
    }
  }

  /**
   * The state machine: loops until it has output or the end. Bounded: every pass consumes input,
   * produces output, moves to a later state, or (the member loop) starts a member under the cap.
   */
  private int step(byte[] b, int off, int len) throws IOException {
    while (true) {
      switch (state) {
        case START -> {
          inflater = new Inflater(gzip || !zlibHeader());
          state = gzip ? State.HEADER : State.BODY;
          if (!gzip) {
            inflater.setInput(buf, pos, lim - pos);
          }
        }
        case HEADER -> {
          if (!header()) {
            done();
            return -1;
          }
          state = State.BODY;
        }
        case BODY -> {
          int n = inflate(b, off, len);
          if (n > 0) {
            return n;
          }
        }
        case TRAILER -> {
          trailer();
          state = State.HEADER;
        }
        case END -> {
          if (pos < lim || (fill() && pos < lim)) {
            throw corrupt("bytes after the end of the deflate stream");
          }
          done();
          return -1;
        }
        case DONE -> {
          return -1;
        }
        case FAILED -> throw new IOException(coding + " decoding failed earlier");
      }
    }
  }

  /** One inflate call; 0 when it moved to the trailer or end, or took more input. */
  private int inflate(byte[] b, int off, int len) throws IOException {
    Inflater inf = Objects.requireNonNull(inflater);
    // Ask for at most one byte past the limit, so a bomb is never inflated further.
    int want = (int) Math.min(len, limit - produced + 1);
    int n;
    try {
      n = inf.inflate(b, off, want);
    } catch (DataFormatException e) {
      throw corrupt(e.getMessage() == null ? "invalid compressed data" : e.getMessage());
    }
    pos = lim - inf.getRemaining();
    if (n > 0) {
      produced += n;
      if (produced > limit) {
        throw tooLarge("decoded body exceeds the limit of " + limit + " bytes");
      }
      if (gzip) {
        crc.update(b, off, n);
        memberSize += n;
      }
      return n;
    }
    if (inf.finished()) {
      state = gzip ? State.TRAILER : State.END;
    } else if (inf.needsDictionary()) {
      throw corrupt("a preset dictionary is not supported");
    } else if (inf.needsInput()) {
      if (!fill()) {
        throw truncated();
      }
      inf.setInput(buf, pos, lim - pos);
    }
    return 0;
  }

  /** RFC 1950 §2.2: CM = 8 in the low nibble of CMF, and CMF·256 + FLG a multiple of 31. */
  private boolean zlibHeader() throws IOException {
    while (lim - pos < 2 && fill()) {}
    if (lim - pos < 1) {
      throw truncated();
    }
    if (lim - pos < 2) {
      return false;
    }
    int b0 = buf[pos] & 0xff;
    int b1 = buf[pos + 1] & 0xff;
    return (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
  }

  /** Reads a member header; false at a clean end after at least one member. */
  private boolean header() throws IOException {
    int id1 = next();
    if (id1 < 0) {
      if (members == 0) {
        throw truncated();
      }
      return false;
    }
    int id2 = next();
    if (id1 != 0x1f || id2 != 0x8b) {
      throw corrupt(
          members == 0 ? "not in gzip format" : "bytes after the last gzip member are not gzip");
    }
    if (members == maxMembers) {
      throw tooLarge("more than " + maxMembers + " gzip members");
    }
    CRC32 headerCrc = new CRC32();
    headerCrc.update(id1);
    headerCrc.update(id2);
    int method = need(headerCrc);
    if (method != 8) {
      throw corrupt("unsupported gzip compression method " + method);
    }
    int flags = need(headerCrc);
    if ((flags & RESERVED) != 0) {
      throw corrupt("reserved gzip header flags set");
    }
    for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
      need(headerCrc);
    }
    if ((flags & FEXTRA) != 0) {
      int xlen = need(headerCrc) | need(headerCrc) << 8;
      for (int i = 0; i < xlen; i++) {
        need(headerCrc);
      }
    }
    if ((flags & FNAME) != 0) {
      while (need(headerCrc) != 0) {}
    }
    if ((flags & FCOMMENT) != 0) {
      while (need(headerCrc) != 0) {}
    }
    if ((flags & FHCRC) != 0) {
      int expected = (int) headerCrc.getValue() & 0xffff;
      if ((need(null) | need(null) << 8) != expected) {
        throw corrupt("gzip header CRC mismatch");
      }
    }
    members++;
    crc.reset();
    memberSize = 0;
    Inflater inf = Objects.requireNonNull(inflater);
    inf.reset();
    inf.setInput(buf, pos, lim - pos);
    return true;
  }

  private void trailer() throws IOException {
    long expectedCrc = need(null) | need(null) << 8 | need(null) << 16 | (long) need(null) << 24;
    int expectedSize = need(null) | need(null) << 8 | need(null) << 16 | need(null) << 24;
    if (expectedCrc != crc.getValue()) {
      throw corrupt("gzip member CRC-32 mismatch");
    }
    if (expectedSize != (int) memberSize) {
      throw corrupt("gzip member length (ISIZE) mismatch");
    }
  }

  /** The next input byte, -1 at the end. */
  private int next() throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  /** The next input byte, which must be there; added to {@code headerCrc} if given. */
  private int need(@Nullable CRC32 headerCrc) throws IOException {
    int b = next();
    if (b < 0) {
      throw truncated();
    }
    if (headerCrc != null) {
      headerCrc.update(b);
    }
    return b;
  }

  /** Reads more input after {@code lim}, compacting first if the buffer is full; false at end. */
  private boolean fill() throws IOException {
    if (in == null) {
      return false;
    }
    if (lim == buf.length) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    // Bounded: an InputStream returns at least one byte or -1 (a 0 is retried, as the JDK does).
    int n;
    do {
      n = in.read(buf, lim, buf.length - lim);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    lim += n;
    return true;
  }

  private void done() {
    state = State.DONE;
    release();
  }

  private void fail() {
    state = State.FAILED;
    release();
  }

  private void release() {
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    release();
    if (in != null) {
      in.close();
    }
  }

  private HttpException corrupt(String why) {
    return new HttpException(HttpStatus.BAD_REQUEST, "corrupt " + coding + " body: " + why, false);
  }

  private HttpException truncated() {
    return corrupt("the body ends inside the compressed data");
  }

  private static HttpException tooLarge(String why) {
    return new HttpException(HttpStatus.CONTENT_TOO_LARGE, why, false);
  }
}
