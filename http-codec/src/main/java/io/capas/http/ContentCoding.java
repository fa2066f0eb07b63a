package io.capas.http;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Content codings of RFC 9110 §8.4.1 that this codec implements, with {@code Accept-Encoding}
 * negotiation (§12.5.3). Decoding inflates as a stream with a hard cap on the output, so a gzip
 * bomb is refused after at most the limit plus one byte of output, never inflated in full; gzip
 * members (RFC 1952 §2.2) are decoded in a loop, at most {@link HttpLimits#maxGzipMembers()} of
 * them (see {@link InflatingInputStream}). {@code deflate} is zlib-wrapped as the RFC says; raw
 * deflate, which some peers send, is recognised by its missing zlib header and accepted too.
 */
public enum ContentCoding {
  IDENTITY("identity"),
  GZIP("gzip"),
  DEFLATE("deflate");

  private final String token;

  ContentCoding(String token) {
    this.token = token;
  }

  /** The coding's name in headers. */
  public String token() {
    return token;
  }

  /**
   * The coding a message's {@code Content-Encoding} names.
   *
   * @throws HttpException 415 for an unknown coding or several stacked codings
   */
  public static ContentCoding of(Headers headers) throws HttpException {
    List<String> values = headers.all("Content-Encoding");
    ContentCoding found = IDENTITY;
    int count = 0;
    for (String value : values) {
      for (String element : Headers.elements(value)) {
        count++;
        found = parse(element);
      }
    }
    if (count > 1) {
      throw new HttpException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE, "stacked content codings are not supported", false);
    }
    return found;
  }

  private static ContentCoding parse(String token) throws HttpException {
    switch (token.toLowerCase(Locale.ROOT)) {
      case "gzip", "x-gzip" -> {
        return GZIP;
      }
      case "deflate" -> {
        return DEFLATE;
      }
      case "identity" -> {
        return IDENTITY;
      }
      default ->
          throw new HttpException(
              HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content coding " + token, false);
    }
  }

  /**
   * The best coding for a response to a request with this {@code Accept-Encoding} value (empty or
   * absent: identity): the highest q-value among gzip, deflate and identity, gzip first on a tie;
   * {@code *} covers codings not named. Returns identity if nothing acceptable is offered.
   */
  public static ContentCoding negotiate(String acceptEncoding) {
    double gzip = -1;
    double deflate = -1;
    double identity = -1;
    double star = -1;
    for (String part : acceptEncoding.split(",", -1)) {
      String[] params = part.split(";", -1);
      String name = params[0].strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      double q = 1;
      for (int i = 1; i < params.length; i++) {
        String p = params[i].strip();
        if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
          try {
            q = Math.max(0, Math.min(1, Double.parseDouble(p.substring(2).strip())));
          } catch (NumberFormatException e) {
            q = 0; // An unreadable weight makes the coding unacceptable rather than preferred.
          }
        }
      }
      switch (name) {
        case "gzip", "x-gzip" -> gzip = Math.max(gzip, q);
        case "deflate" -> deflate = Math.max(deflate, q);
        case "identity" -> identity = q;
        case "*" -> star = q;
        default -> {}
      }
    }
    if (gzip < 0) {
      gzip = star;
    }
    if (deflate < 0) {
      deflate = star;
    }
    if (gzip > 0 && gzip >= deflate && gzip >= identity) {
      return GZIP;
    }
    if (deflate > 0 && deflate >= identity) {
      return DEFLATE;
    }
    return IDENTITY;
  }

  /** Encodes {@code body} with this coding. */
  public byte[] encode(byte[] body) {
    if (this == IDENTITY) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
    try (var z = this == GZIP ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
      z.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory compression failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes {@code body}, refusing to produce more than {@code limit} bytes, with the default cap
   * on gzip members ({@link HttpLimits#maxGzipMembers()}).
   *
   * @throws HttpException 413 past the limit (inflation stops there) or the member cap, 400 for
   *     corrupt, truncated or trailing data
   */
  public byte[] decode(byte[] body, long limit) throws HttpException {
    return decode(body, limit, HttpLimits.defaults().maxGzipMembers());
  }

  /**
   * Decodes {@code body} under {@code limits}' decompressed-body and gzip-member limits.
   *
   * @throws HttpException 413 past a limit, 400 for corrupt, truncated or trailing data
   */
  public byte[] decode(byte[] body, HttpLimits limits) throws HttpException {
    return decode(body, limits.maxDecompressedBody(), limits.maxGzipMembers());
  }

  private byte[] decode(byte[] body, long limit, int maxMembers) throws HttpException {
    if (this == IDENTITY) {
      if (body.length > limit) {
        throw tooLarge(limit);
      }
      return body;
    }
    // The body is inflated in place: no copy of the input, one inflater for every member.
    try (InputStream in = InflatingInputStream.of(body, this == GZIP, limit, maxMembers)) {
      return in.readAllBytes();
    } catch (HttpException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("in-memory decoding failed without a cause in the data", e);
    }
  }

  /**
   * A stream that decodes {@code in} and fails with a 413 {@link HttpException} once more than
   * {@code limit} decoded bytes would be returned, or past the default cap on gzip members;
   * corrupt, truncated or trailing data is a 400 {@link HttpException}; the errors of {@code in}
   * pass through. Closing it closes {@code in}.
   */
  public InputStream decodingStream(InputStream in, long limit) throws IOException {
    return decodingStream(in, limit, HttpLimits.defaults().maxGzipMembers());
  }

  /** A stream that decodes {@code in} under {@code limits}' decompressed-body and member limits. */
  public InputStream decodingStream(InputStream in, HttpLimits limits) throws IOException {
    return decodingStream(in, limits.maxDecompressedBody(), limits.maxGzipMembers());
  }

  private InputStream decodingStream(InputStream in, long limit, int maxMembers) {
    return switch (this) {
      case IDENTITY -> new CappedInputStream(in, limit);
      case GZIP -> InflatingInputStream.of(in, true, limit, maxMembers);
      case DEFLATE -> InflatingInputStream.of(in, false, limit, maxMembers);
    };
  }

  private static HttpException tooLarge(long limit) {
    return new HttpException(
        HttpStatus.CONTENT_TOO_LARGE,
        "decoded body exceeds the limit of " + limit + " bytes",
        false);
  }

  /** Counts decoded bytes and fails past the limit. */
  private static final class CappedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    CappedInputStream(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      // Ask for at most one byte past the limit, so the bomb never inflates further.
      long allowed = limit - count + 1;
      int n = super.read(b, off, (int) Math.min(len, allowed));
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(Math.min(n, limit - count + 1));
      count(skipped);
      return skipped;
    }

    private void count(long n) throws HttpException {
      count += n;
      if (count > limit) {
        throw tooLarge(limit);
      }
    }
  }
}
