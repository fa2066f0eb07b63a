package io.capas.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Blocking reader of responses from one connection's stream, for clients. A body without
 * Content-Length or chunked framing runs to the end of the stream (and ends the connection). The
 * stream stays the caller's to close. Not thread-safe; one per connection.
 */
public final class HttpResponseReader {
  /** Interim (1xx) responses skipped before giving up. */
  private static final int MAX_INTERIM = 16;

  /** Only the framing is asked of these limits: no body limit applies to that question. */
  private static final HttpLimits ANY_LENGTH =
      HttpLimits.defaults().withMaxBody(Integer.MAX_VALUE - 8);

  private final MessageReader reader;
  private final HttpLimits limits;

  public HttpResponseReader(InputStream in, HttpLimits limits) {
    this.reader = new MessageReader(in, limits, false);
    this.limits = limits;
  }

  /**
   * The next response head, interim ones included; empty if the stream ended before any byte (a
   * pooled connection the server had closed: safe to retry).
   */
  public Optional<ResponseHead> readHead() throws IOException {
    Optional<int[]> range = reader.readHead();
    if (range.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(HeadParser.parseResponse(reader.array(), range.get()[0], range.get()[1]));
  }

  /** The body for {@code head}, answering a request with {@code requestMethod}. */
  public byte[] readBody(ResponseHead head, String requestMethod) throws IOException {
    return reader.readBody(BodyFraming.forResponse(head, requestMethod, limits));
  }

  /**
   * The body for {@code head} as a stream, read as the caller reads (see {@link
   * HttpRequestReader#bodyStream}); close it or read it to the end before the next response.
   */
  public InputStream bodyStream(ResponseHead head, String requestMethod) throws IOException {
    return reader.bodyStream(BodyFraming.forResponse(head, requestMethod, limits));
  }

  /**
   * The next final response (1xx interim responses are skipped); empty if the stream ended before
   * any byte of it.
   *
   * @throws HttpException if the response is malformed or over a limit
   * @throws java.io.EOFException if the stream ends inside the response
   */
  public Optional<HttpResponse> read(String requestMethod) throws IOException {
    for (int i = 0; i <= MAX_INTERIM; i++) {
      Optional<ResponseHead> head = readHead();
      if (head.isEmpty()) {
        return Optional.empty();
      }
      if (head.get().status().code() >= 200 || head.get().status().code() == 101) {
        return Optional.of(new HttpResponse(head.get(), readBody(head.get(), requestMethod)));
      }
    }
    throw HttpException.badRequest("more than " + MAX_INTERIM + " interim responses");
  }

  /**
   * Whether the connection can carry another request after {@code response} (RFC 9112 §9.3): the
   * head allows it and the body was not delimited by the end of the stream.
   */
  public static boolean keepAlive(HttpResponse response, String requestMethod) {
    ResponseHead head = response.head();
    if (!head.keepAlive()) {
      return false;
    }
    try {
      return BodyFraming.forResponse(head, requestMethod, ANY_LENGTH).kind()
          != BodyFraming.Kind.UNTIL_CLOSE;
    } catch (HttpException e) {
      return false;
    }
  }
}
