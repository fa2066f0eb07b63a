package io.capas.rpc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client against canned responses: framings it must read, and responses it must refuse.
 */
class HttpClientResponsesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String OK_XML =
      "<?xml version=\"1.0\"?><methodResponse><params><param><value><int>5</int></value></param>"
          + "</params></methodResponse>";

  private final InMemoryTransport transport = InMemoryTransport.create();
  private final AtomicInteger connections = new AtomicInteger();

  /**
   * Answers every complete request head (bodies are small and come with it) with {@code response}.
   */
  private Server cannedServer(byte[] response, boolean closeAfter) throws IOException {
    return transport.serve(
        Endpoint.of("localhost", 0),
        context -> {
          connections.incrementAndGet();
          return new Session() {
            private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

            @Override
            public void onData(ByteBuffer data) throws IOException {
              byte[] bytes = new byte[data.remaining()];
              data.get(bytes);
              seen.write(bytes);
              if (seen.toString(ISO_8859_1).contains("</methodCall>")) {
                seen.reset();
                context.write(ByteBuffer.wrap(response));
                if (closeAfter) {
                  context.close();
                }
              }
            }
          };
        });
  }

  private Object call(byte[] response, boolean closeAfter) throws IOException {
    try (Server server = cannedServer(response, closeAfter);
        Client client =
            HttpClientSettings.builder()
                .endpoint("localhost", server.address().getPort())
                .dialer(transport)
                .timeout(WAIT)
                .build()
                .client()) {
      Object first = client.call("suma", 2, 3);
      if (!closeAfter) {
        assertEquals(first, client.call("suma", 2, 3), "the kept connection serves a second call");
      }
      return first;
    }
  }

  @Test
  void readsChunkedGzipAndUntilCloseBodies() throws IOException {
    String chunked =
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(20)
            + "\r\n"
            + OK_XML.substring(0, 20)
            + "\r\n"
            + Integer.toHexString(OK_XML.length() - 20)
            + "\r\n"
            + OK_XML.substring(20)
            + "\r\n"
            + "0\r\n\r\n";
    assertEquals(5, call(chunked.getBytes(ISO_8859_1), false));

    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(OK_XML.getBytes(ISO_8859_1));
    }
    ByteArrayOutputStream gzipResponse = new ByteArrayOutputStream();
    gzipResponse.write(
        ("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                + zipped.size()
                + "\r\n\r\n")
            .getBytes(ISO_8859_1));
    gzipResponse.write(zipped.toByteArray());
    assertEquals(5, call(gzipResponse.toByteArray(), false));

    String untilClose = "HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n" + OK_XML;
    assertEquals(5, call(untilClose.getBytes(ISO_8859_1), true));
  }

  /**
   * Perl's RPC::XML::Server sends answers over 1 MiB chunked and with a Content-Length: RFC 9112
   * section 6.3 says Transfer-Encoding wins; the client reads it chunked and does not reuse the
   * connection.
   */
  @Test
  void readsAResponseBothChunkedAndSizedAsChunkedThenReconnects() throws IOException {
    String both =
        "HTTP/1.1 200 OK\r\nContent-Length: 999999\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(OK_XML.length())
            + "\r\n"
            + OK_XML
            + "\r\n0\r\n\r\n";
    assertEquals(5, call(both.getBytes(ISO_8859_1), false));
    assertEquals(2, connections.get(), "the second call came on a new connection");
  }

  /** A body the client cannot decode is the server's fault, and no status it did not send. */
  @Test
  void aCorruptGzipAnswerNamesNoStatusTheServerDidNotSend() {
    String corrupt =
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 12\r\n\r\n"
            + "\u001f\u008b\u0008\u0000garbage!";
    RpcException e =
        assertThrows(RpcException.class, () -> call(corrupt.getBytes(ISO_8859_1), false));
    assertEquals(RpcException.Kind.PROTOCOL, e.kind());
    assertFalse(e.getMessage().contains("400"), e.getMessage());
    assertFalse(e.getMessage().contains("Bad Request"), e.getMessage());
  }

  @Test
  void refusesErrorStatusesAndGarbage() {
    String error = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nnope";
    RpcException status =
        assertThrows(RpcException.class, () -> call(error.getBytes(ISO_8859_1), false));
    assertEquals(RpcException.Kind.PROTOCOL, status.kind());
    assertTrue(status.getMessage().contains("500"), status.getMessage());
    assertTrue(status.getMessage().contains("suma"), status.getMessage());

    String garbage = "SMTP ready\r\n\r\n";
    RpcException bad =
        assertThrows(RpcException.class, () -> call(garbage.getBytes(ISO_8859_1), false));
    assertEquals(RpcException.Kind.PROTOCOL, bad.kind());
  }
}
