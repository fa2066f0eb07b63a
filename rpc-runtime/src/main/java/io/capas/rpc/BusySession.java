package io.capas.rpc;

import io.capas.http.HttpException;
import io.capas.http.HttpResponse;
import io.capas.http.HttpStatus;
import io.capas.http.HttpWriter;
import io.capas.http.ResponseHead;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A connection past the HTTP binding's connection limit: once the request head has arrived (or
 * {@value #MAX_HEAD} bytes of it, or on the end of the stream) it is answered {@code 503 Service
 * Unavailable} with {@code Retry-After: 1} and {@code Connection: close}, and closed; the bytes are
 * not parsed. Reading the head first lets the client read the answer instead of a reset. Not
 * thread-safe; one per connection.
 */
final class BusySession implements Session {
  static final HttpStatus SERVICE_UNAVAILABLE = new HttpStatus(503, "Service Unavailable");
  private static final int MAX_HEAD = 16 * 1024;
  private static final byte[] RESPONSE = render();

  private final SessionContext context;
  private int seen;
  private int matched; // of CR LF CR LF
  private boolean answered;

  BusySession(SessionContext context, Duration headerTimeout) {
    this.context = context;
    context.readTimeout(headerTimeout);
  }

  private static byte[] render() {
    HttpResponse plain =
        new HttpException(SERVICE_UNAVAILABLE, "the server is at its connection limit", true)
            .toResponse();
    return HttpWriter.encode(
        new HttpResponse(
            new ResponseHead(
                plain.head().version(),
                plain.status(),
                plain.head().headers().toBuilder()
                    .add("Retry-After", "1")
                    .add("Server", "capas")
                    .build()),
            plain.body()));
  }

  @Override
  public void onData(ByteBuffer data) throws IOException {
    while (data.hasRemaining() && !answered) {
      byte b = data.get();
      seen++;
      matched =
          (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
      if (matched == 4 || seen >= MAX_HEAD) {
        answer();
      }
    }
    data.position(data.limit());
  }

  @Override
  public void onEndOfStream() throws IOException {
    answer();
  }

  @Override
  public void onReadTimeout(SessionContext ctx) {
    context.close();
  }

  private void answer() throws IOException {
    if (!answered) {
      answered = true;
      context.write(ByteBuffer.wrap(RESPONSE));
      context.close();
    }
  }
}
