package io.capas.http;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.capas.testing.codec.Golden;
import io.capas.testing.codec.Hex;
import io.capas.testing.codec.Mutations;
import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bounded seeded fuzzing: mutated golden messages through every reader. Only the typed failures
 * ({@link HttpException}, {@link BadResponseException}, {@link EOFException}) may escape; nothing
 * hangs; limits bound memory.
 */
class HttpFuzzTest {
  private static final HttpLimits LIMITS =
      HttpLimits.defaults().withMaxBody(1 << 16).withMaxDecompressedBody(1 << 16);
  private static final int VARIANTS = 3_000;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http/python-xmlrpc-client-request.http",
        "http/chunked-request.http",
        "http/pipelined.http",
        "http/capas-post.http"
      })
  void requestParsersOnlyThrowTypedExceptions(String golden) {
    byte[] seed = Golden.bytes(golden);
    assertTimeoutPreemptively(
        Duration.ofMinutes(1),
        () -> {
          long n = 0;
          for (byte[] variant : Mutations.of(seed, golden.hashCode(), VARIANTS)) {
            check(
                variant,
                () -> {
                  HttpRequestReader reader =
                      new HttpRequestReader(
                          TricklingInputStream.of(variant, variant.length), LIMITS);
                  for (int i = 0; i < 10 && reader.read().isPresent(); i++) {
                    // drain
                  }
                });
            check(
                variant,
                () -> {
                  HttpRequestReader reader =
                      new HttpRequestReader(new ByteArrayInputStream(variant), LIMITS);
                  for (int i = 0; i < 10; i++) {
                    Optional<RequestHead> head = reader.readHead();
                    if (head.isEmpty()) {
                      break;
                    }
                    try (var body =
                        ContentCoding.of(head.get().headers())
                            .decodingStream(
                                reader.bodyStream(head.get()), LIMITS.maxDecompressedBody())) {
                      body.readAllBytes();
                    }
                  }
                });
            check(
                variant,
                () -> {
                  RequestDecoder decoder = new RequestDecoder(LIMITS);
                  ByteBuffer in = RequestDecoderTest.roomy(variant);
                  for (int i = 0; i < 10; i++) {
                    Optional<HttpRequest> r = decoder.decode(in);
                    if (r.isEmpty()) {
                      break;
                    }
                    r.get().decodedBody(LIMITS.maxDecompressedBody());
                  }
                  decoder.endOfInput(in);
                });
            n++;
          }
          return n;
        });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http/python-xmlrpc-server-response.http", "http/python-xmlrpc-server-gzip-response.http",
        "http/python-xmlrpc-server-fault.http", "http/capas-response.http"
      })
  void responseParserOnlyThrowsTypedExceptions(String golden) {
    byte[] seed = Golden.bytes(golden);
    assertTimeoutPreemptively(
        Duration.ofMinutes(1),
        () -> {
          for (byte[] variant : Mutations.of(seed, golden.hashCode(), VARIANTS)) {
            check(
                variant,
                () -> {
                  HttpResponseReader reader =
                      new HttpResponseReader(new ByteArrayInputStream(variant), LIMITS);
                  Optional<HttpResponse> r = reader.read("POST");
                  if (r.isPresent()) {
                    r.get().decodedBody(LIMITS.maxDecompressedBody());
                  }
                });
          }
        });
  }

  private interface Body {
    void run() throws Exception;
  }

  private static void check(byte[] variant, Body body) {
    try {
      body.run();
    } catch (HttpException | BadResponseException | EOFException expected) {
      // typed failure: fine
    } catch (Exception | Error e) {
      throw new AssertionError("untyped failure for input " + Hex.format(variant), e);
    }
  }
}
