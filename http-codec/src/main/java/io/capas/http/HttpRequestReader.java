package io.capas.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Blocking reader of requests from one connection's stream, for thread-per-connection servers. It
 * copes with any partial reads and keeps bytes of pipelined requests for the next call. The stream
 * stays the caller's to close.
 *
 * <pre>{@code
 * HttpRequestReader reader = new HttpRequestReader(socketIn, HttpLimits.defaults());
 * for (Optional<RequestHead> head; (head = reader.readHead()).isPresent(); ) {
 *   if (head.get().expectsContinue()) out.write(HttpWriter.continueResponse());
 *   byte[] body = reader.readBody(head.get());
 *   ...
 *   if (!head.get().keepAlive()) break;
 * }
 * }</pre>
 *
 * <p>Errors: {@link HttpException} for malformed input or a breached limit (answer with {@link
 * HttpException#toResponse()}), {@link java.io.EOFException} when the stream ends inside a request.
 * Not thread-safe; one per connection.
 */
public final class HttpRequestReader {
  private final MessageReader reader;
  private final HttpLimits limits;

  public HttpRequestReader(InputStream in, HttpLimits limits) {
    this.reader = new MessageReader(in, limits, true);
    this.limits = limits;
  }

  /** The next request head; empty at a clean end of stream between requests. */
  public Optional<RequestHead> readHead() throws IOException {
    Optional<int[]> range = reader.readHead();
    if (range.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(HeadParser.parseRequest(reader.array(), range.get()[0], range.get()[1]));
  }

  /**
   * The body of the request whose head was just read (transfer-decoded, not content-decoded). Call
   * it exactly once per head, even for requests without a body (it returns an empty array).
   */
  public byte[] readBody(RequestHead head) throws IOException {
    return reader.readBody(BodyFraming.forRequest(head, limits));
  }

  /**
   * The body of the request whose head was just read, as a stream (transfer-decoded, not
   * content-decoded: wrap it in {@link ContentCoding#decodingStream}); an alternative to {@link
   * #readBody} for parsers that stream. Read it to its end or close it before reading the next
   * head; closing skips the rest of the body and leaves the connection open.
   */
  public InputStream bodyStream(RequestHead head) throws IOException {
    return reader.bodyStream(BodyFraming.forRequest(head, limits));
  }

  /** The next whole request; empty at a clean end of stream. */
  public Optional<HttpRequest> read() throws IOException {
    Optional<RequestHead> head = readHead();
    if (head.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HttpRequest(head.get(), readBody(head.get())));
  }
}
