package io.capas.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of every http-codec decoder. Input: byte 0 picks the target, byte 1 seeds
 * how the rest is split into reads or pushed buffers, the rest is the wire.
 *
 * <p>Exactly these may escape, as each API declares; anything else fails the test:
 *
 * <ul>
 *   <li>server side (request decoders, chunked bodies, {@link ContentCoding}): {@link
 *       HttpException} for malformed input or a limit, {@link EOFException} (and its subclass
 *       {@code TruncatedFrameException}) for a stream that ends inside a message;
 *   <li>client side ({@link HttpResponseReader}, {@link HttpResponse#decodedBody}): {@link
 *       BadResponseException} and {@link EOFException}.
 * </ul>
 *
 * Outputs respect the small limits below (head count, body, decoded body), and no input may take
 * longer than the timeout.
 */
class HttpCoverageFuzzTest {
  private static final HttpLimits LIMITS = new HttpLimits(256, 256, 1024, 16, 4096, 8192, 4);
  private static final int TARGETS = 8;
  private static final int MAX_MESSAGES = 8;

  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "6s")
  void decodesWithinLimitsOrRefusesTyped(byte[] input) throws IOException {
    if (input.length < 2) {
      return;
    }
    int target = (input[0] & 0xff) % TARGETS;
    long seed = input[1];
    byte[] wire = Arrays.copyOfRange(input, 2, input.length);
    try {
      switch (target) {
        case 0 -> pushRequests(wire, seed, false);
        case 1 -> pushRequests(wire, seed, true);
        case 2 -> blockingRequests(wire, seed);
        case 3 -> streamedRequests(wire, seed);
        case 4 -> responses(wire, seed);
        case 5 -> streamedResponses(wire, seed);
        case 6 -> chunked(wire, seed);
        default -> contentCoding(wire, seed);
      }
    } catch (HttpException | BadResponseException | EOFException typed) {
      checkSide(target, typed);
    }
  }

  /** A server-side target refuses with HttpException; a client-side one never does. */
  private static void checkSide(int target, IOException typed) {
    boolean client = target == 4 || target == 5;
    if (client && typed instanceof HttpException) {
      throw new AssertionError("a response decoder threw a server-side exception", typed);
    }
    if (!client && typed instanceof BadResponseException) {
      throw new AssertionError("a request decoder threw a response-side exception", typed);
    }
  }

  /** RequestDecoder over a server's read buffer, fed in seeded chunks and compacted. */
  private static void pushRequests(byte[] wire, long seed, boolean inPlace) throws IOException {
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    ByteBuffer buffer = ByteBuffer.allocate(LIMITS.maxHeaderBlock() + 64).flip();
    Random random = new Random(seed);
    int at = 0;
    int messages = 0;
    // Bounded: each round puts at least one byte, or the decoder fails on a full buffer.
    while (at < wire.length && messages < MAX_MESSAGES) {
      buffer.compact();
      int n = Math.min(Math.min(wire.length - at, 1 + random.nextInt(64)), buffer.remaining());
      if (n == 0) {
        throw new AssertionError("the decoder left its buffer full without failing");
      }
      buffer.put(wire, at, n).flip();
      at += n;
      while (messages < MAX_MESSAGES) {
        Optional<HttpRequest> request;
        if (inPlace) {
          Optional<RequestHead> head = decoder.decodeInPlace(buffer);
          request =
              head.map(
                  h -> {
                    ByteBuffer body = decoder.body();
                    byte[] copy = new byte[body.remaining()];
                    body.get(copy);
                    return new HttpRequest(h, copy);
                  });
        } else {
          request = decoder.decode(buffer);
        }
        if (request.isEmpty()) {
          break;
        }
        checkRequest(request.get());
        messages++;
      }
    }
    if (messages < MAX_MESSAGES) {
      decoder.endOfInput(buffer);
    }
  }

  private static void blockingRequests(byte[] wire, long seed) throws IOException {
    HttpRequestReader reader = new HttpRequestReader(trickle(wire, seed), LIMITS);
    for (int i = 0; i < MAX_MESSAGES; i++) {
      Optional<HttpRequest> request = reader.read();
      if (request.isEmpty()) {
        return;
      }
      checkRequest(request.get());
    }
  }

  private static void streamedRequests(byte[] wire, long seed) throws IOException {
    HttpRequestReader reader = new HttpRequestReader(trickle(wire, seed), LIMITS);
    for (int i = 0; i < MAX_MESSAGES; i++) {
      Optional<RequestHead> head = reader.readHead();
      if (head.isEmpty()) {
        return;
      }
      checkHeaders(head.get().headers());
      try (InputStream body =
          ContentCoding.of(head.get().headers())
              .decodingStream(reader.bodyStream(head.get()), LIMITS)) {
        checkSize("decoded body", drain(body, seed), LIMITS.maxDecompressedBody());
      }
    }
  }

  private static void responses(byte[] wire, long seed) throws IOException {
    HttpResponseReader reader = new HttpResponseReader(trickle(wire, seed), LIMITS);
    String method = (seed & 1) == 0 ? "POST" : "HEAD";
    for (int i = 0; i < MAX_MESSAGES; i++) {
      Optional<HttpResponse> response = reader.read(method);
      if (response.isEmpty()) {
        return;
      }
      checkHeaders(response.get().head().headers());
      checkSize("body", response.get().body().length, LIMITS.maxBody());
      checkSize(
          "decoded body",
          response.get().decodedBody(LIMITS.maxDecompressedBody()).length,
          LIMITS.maxDecompressedBody());
      if (!HttpResponseReader.keepAlive(response.get(), method)) {
        return;
      }
    }
  }

  private static void streamedResponses(byte[] wire, long seed) throws IOException {
    HttpResponseReader reader = new HttpResponseReader(trickle(wire, seed), LIMITS);
    for (int i = 0; i < MAX_MESSAGES; i++) {
      Optional<ResponseHead> head = reader.readHead();
      if (head.isEmpty()) {
        return;
      }
      checkHeaders(head.get().headers());
      try (InputStream body = reader.bodyStream(head.get(), "POST")) {
        checkSize("body", drain(body, seed), LIMITS.maxBody());
      }
    }
  }

  /** The chunked decoder alone: whole-body and streaming forms must agree on the same pushes. */
  private static void chunked(byte[] wire, long seed) throws IOException {
    long whole;
    try {
      whole = chunkedWhole(wire, seed);
    } catch (HttpException e) {
      whole = -2;
    }
    long streamed;
    try {
      streamed = chunkedStreaming(wire, seed);
    } catch (HttpException e) {
      streamed = -2;
    }
    if (whole != streamed) {
      throw new AssertionError("whole body: " + whole + ", streamed: " + streamed);
    }
    checkSize("chunked body", whole, LIMITS.maxBody());
  }

  /** The body length, -1 if it did not end. */
  private static long chunkedWhole(byte[] wire, long seed) throws HttpException {
    ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(LIMITS);
    ByteBuffer in = ByteBuffer.allocate(wire.length).flip();
    Random random = new Random(seed);
    for (int at = 0; at < wire.length; ) {
      int n = Math.min(wire.length - at, 1 + random.nextInt(32));
      in.compact().put(wire, at, n).flip();
      at += n;
      Optional<byte[]> body = decoder.decode(in);
      if (body.isPresent()) {
        return body.get().length;
      }
    }
    return -1;
  }

  private static long chunkedStreaming(byte[] wire, long seed) throws HttpException {
    ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(LIMITS);
    ByteBuffer in = ByteBuffer.allocate(wire.length).flip();
    Random random = new Random(seed);
    byte[] out = new byte[1 + Math.floorMod(seed, 32)];
    long streamed = 0;
    for (int at = 0; at < wire.length; ) {
      int n = Math.min(wire.length - at, 1 + random.nextInt(32));
      in.compact().put(wire, at, n).flip();
      at += n;
      // Bounded: each read copies at least one byte or returns 0 or -1.
      for (int r; (r = decoder.read(in, out, 0, out.length)) != 0; ) {
        if (r < 0) {
          return streamed;
        }
        streamed += r;
      }
    }
    return -1;
  }

  /** gzip or deflate, in memory and as a trickled stream, under the decoded and member limits. */
  private static void contentCoding(byte[] wire, long seed) throws IOException {
    ContentCoding coding = (seed & 1) == 0 ? ContentCoding.GZIP : ContentCoding.DEFLATE;
    byte[] decoded = null;
    HttpException refused = null;
    try {
      decoded = coding.decode(wire, LIMITS);
      checkSize("decoded body", decoded.length, LIMITS.maxDecompressedBody());
    } catch (HttpException e) {
      refused = e;
    }
    long streamed;
    try (InputStream in = coding.decodingStream(trickle(wire, seed), LIMITS)) {
      streamed = drain(in, seed);
    } catch (HttpException e) {
      if (refused == null) {
        throw new AssertionError("decoded in memory but refused as a stream", e);
      }
      throw e;
    }
    if (decoded == null || decoded.length != streamed) {
      throw new AssertionError(
          "in memory: " + (decoded == null ? refused : decoded.length) + ", streamed " + streamed);
    }
  }

  private static void checkRequest(HttpRequest request) throws IOException {
    checkHeaders(request.head().headers());
    checkSize("body", request.body().length, LIMITS.maxBody());
    checkSize(
        "decoded body",
        request.decodedBody(LIMITS.maxDecompressedBody()).length,
        LIMITS.maxDecompressedBody());
  }

  private static void checkHeaders(Headers headers) {
    if (headers.size() > LIMITS.maxHeaderCount()) {
      throw new AssertionError(headers.size() + " header fields past the limit");
    }
  }

  private static void checkSize(String what, long size, long limit) {
    if (size > limit) {
      throw new AssertionError(what + " of " + size + " bytes past the limit of " + limit);
    }
  }

  private static InputStream trickle(byte[] wire, long seed) {
    return seed < 0
        ? new ByteArrayInputStream(wire)
        : TricklingInputStream.of(wire, seed, 1 + (int) (seed % 64));
  }

  /** Reads to the end in seeded small reads; returns the byte count. */
  private static long drain(InputStream in, long seed) throws IOException {
    byte[] buffer = new byte[1 + Math.floorMod(seed, 100)];
    long total = 0;
    // Bounded by the limits every stream enforces.
    for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
      total += n;
    }
    return total;
  }
}
