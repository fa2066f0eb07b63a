package io.capas.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Blocking reader of responses from one connection's stream, for clients. A body without
 * Content-Length or chunked framing runs to the end of the stream (and ends the connection). A
 * response with both Transfer-Encoding and Content-Length is read by its chunks, then the
 * connection is not reused (see {@link #keepAlive}). A malformed response or one over a limit is a
 * {@link BadResponseException}, whose message names no status; an end of stream inside a response
 * is an {@link java.io.EOFException}. The stream stays the caller's to close. Not thread-safe; one
 * per connection.
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
    try {
      Optional<int[]> range = reader.readHead();
      if (range.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(HeadParser.parseResponse(reader.array(), range.get()[0], range.get()[1]));
    } catch (HttpException e) {
      throw BadResponseException.of(e);
    }
  }

  /** The body for {@code head}, answering a request with {@code requestMethod}. */
  public byte[] readBody(ResponseHead head, String requestMethod) throws IOException {
    try {
      return reader.readBody(BodyFraming.forResponse(head, requestMethod, limits));
    } catch (HttpException e) {
      throw BadResponseException.of(e);
    }
  }

  /**
   * The body for {@code head} as a stream, read as the caller reads (see {@link
   * HttpRequestReader#bodyStream}); close it or read it to the end before the next response. Its
   * reads fail with {@link BadResponseException} for a malformed body.
   */
  public InputStream bodyStream(ResponseHead head, String requestMethod) throws IOException {
    try {
      return BadResponseException.converting(
          reader.bodyStream(BodyFraming.forResponse(head, requestMethod, limits)));
    } catch (HttpException e) {
      throw BadResponseException.of(e);
    }
  }

  /**
   * The next final response (1xx interim responses are skipped); empty if the stream ended before
   * any byte of it.
   *
   * @throws BadResponseException if the response is malformed or over a limit
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
    throw new BadResponseException("more than " + MAX_INTERIM + " interim responses", true);
  }

  /**
   * Whether the connection can carry another request after {@code response} (RFC 9112 §9.3): the
   * head allows it, the body was not delimited by the end of the stream, and its framing was not
   * suspect (Transfer-Encoding beside Content-Length, or in an HTTP/1.0 response).
   */
  public static boolean keepAlive(HttpResponse response, String requestMethod) {
    ResponseHead head = response.head();
    if (!head.keepAlive()) {
      return false;
    }
    try {
      return !BodyFraming.forResponse(head, requestMethod, ANY_LENGTH).closesConnection();
    } catch (HttpException e) {
      return false;
    }
  }
}
