package io.capas.benchmarks.http;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.http.HttpLimits;
import io.capas.http.HttpMessages;
import io.capas.http.HttpRequest;
import io.capas.http.HttpRequestReader;
import io.capas.http.HttpResponse;
import io.capas.http.HttpWriter;
import io.capas.http.RequestDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse of a typical XML-RPC POST (the head Python's xmlrpc.client sends and a 188-byte body) and
 * write of a typical XML-RPC response. The readers are reused across calls as on a keep-alive
 * connection: allocation per operation is what one more request on a connection costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpCodecBenchmark {
  static final String BODY =
      """
      <?xml version='1.0'?>
      <methodCall>
      <methodName>suma</methodName>
      <params>
      <param>
      <value><int>2</int></value>
      </param>
      <param>
      <value><int>3</int></value>
      </param>
      </params>
      </methodCall>
      """;
  static final String REQUEST =
      "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
          + "Accept-Encoding: gzip\r\nContent-Type: text/xml\r\nUser-Agent: Python-xmlrpc/3.11\r\n"
          + "Content-Length: "
          + BODY.length()
          + "\r\n\r\n"
          + BODY;
  static final byte[] REPLY =
      """
      <?xml version='1.0'?>
      <methodResponse>
      <params>
      <param>
      <value><int>5</int></value>
      </param>
      </params>
      </methodResponse>
      """
          .getBytes(US_ASCII);

  private HttpRequestReader reader;
  private RequestDecoder decoder;
  private ByteBuffer wire;
  private HttpResponse response;
  private ByteBuffer out;
  private final OutputStream sink = OutputStream.nullOutputStream();

  @Setup
  public void setUp() {
    byte[] request = REQUEST.getBytes(US_ASCII);
    reader = new HttpRequestReader(new RepeatingInputStream(request), HttpLimits.defaults());
    decoder = new RequestDecoder(HttpLimits.defaults());
    wire = ByteBuffer.wrap(request);
    response = HttpMessages.response(REPLY, 200, "OK");
    out = ByteBuffer.allocate(4096);
  }

  /** Blocking reader: head and body of one request from a keep-alive stream. */
  @Benchmark
  public HttpRequest parseRequestBlocking() throws IOException {
    return reader.read().orElseThrow();
  }

  /** Push decoder: one request from a buffer holding it (the multiplexing server's path). */
  @Benchmark
  public HttpRequest parseRequestPush() throws IOException {
    wire.clear();
    return decoder.decode(wire).orElseThrow();
  }

  /** Build an XML-RPC {@code text/xml} response (a small body) and encode it to one array. */
  @Benchmark
  public byte[] buildAndEncodeResponse() {
    return HttpWriter.encode(HttpMessages.response(REPLY, 200, "OK"));
  }

  /** Write a prebuilt response to a stream (one array, one write). */
  @Benchmark
  public void writeResponseToStream() throws IOException {
    HttpWriter.write(sink, response);
  }

  /** Put a prebuilt response into a reused buffer (no allocation). */
  @Benchmark
  public ByteBuffer putResponseIntoBuffer() {
    out.clear();
    HttpWriter.put(out, response);
    return out;
  }
}
