package io.capas.http;

import io.capas.framing.ContentLengthDecoder;
import io.capas.framing.FrameTooLargeException;
import io.capas.framing.MalformedFrameException;
import io.capas.framing.TruncatedFrameException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/** Push decoding of one body, whichever way it is delimited. Not thread-safe; one per body. */
final class BodyDecoder {
  private final BodyFraming framing;
  private final ContentLengthDecoder fixed;
  private final ChunkedBodyDecoder chunked;
  private final ByteSink untilClose;

  private BodyDecoder(BodyFraming framing, HttpLimits limits) throws HttpException {
    this.framing = framing;
    this.fixed = framing.kind() == BodyFraming.Kind.FIXED ? fixed(framing.length(), limits) : null;
    this.chunked =
        framing.kind() == BodyFraming.Kind.CHUNKED ? new ChunkedBodyDecoder(limits) : null;
    this.untilClose =
        framing.kind() == BodyFraming.Kind.UNTIL_CLOSE ? new ByteSink(limits.maxBody()) : null;
  }

  static BodyDecoder of(BodyFraming framing, HttpLimits limits) throws HttpException {
    return new BodyDecoder(framing, limits);
  }

  private static ContentLengthDecoder fixed(long length, HttpLimits limits) throws HttpException {
    try {
      return ContentLengthDecoder.of(length, limits.maxBody());
    } catch (FrameTooLargeException | MalformedFrameException e) {
      // BodyFraming checked both already; keep the status right if that ever changes.
      throw new HttpException(HttpStatus.CONTENT_TOO_LARGE, e.getMessage(), true);
    }
  }

  /** The body once complete; consumes only its own bytes. */
  Optional<byte[]> decode(ByteBuffer in) throws HttpException {
    return switch (framing.kind()) {
      case NONE -> Optional.of(new byte[0]);
      case FIXED -> fixed.decode(in);
      case CHUNKED -> chunked.decode(in);
      case UNTIL_CLOSE -> {
        untilClose.append(in, in.remaining());
        yield Optional.empty();
      }
    };
  }

  /** Reads directly from a stream for a fixed-length body, bypassing the buffer. */
  Optional<byte[]> readFixedFrom(InputStream in) throws IOException {
    try {
      return fixed.readFrom(in);
    } catch (TruncatedFrameException e) {
      throw truncated(e.missing());
    }
  }

  boolean isFixed() {
    return fixed != null;
  }

  /** Appends raw bytes for a body that ends with the connection. */
  void appendUntilClose(byte[] b, int off, int n) throws HttpException {
    untilClose.append(b, off, n);
  }

  /** The end of input: completes a body delimited by the close, else reports the truncation. */
  byte[] endOfInput() throws EOFException {
    return switch (framing.kind()) {
      case NONE -> new byte[0];
      case UNTIL_CLOSE -> untilClose.toArray();
      case FIXED -> throw truncated(fixed.missing());
      case CHUNKED -> throw new EOFException("end of stream inside a chunked body");
    };
  }

  private static EOFException truncated(long missing) {
    return new TruncatedFrameException("a message body", missing);
  }
}
