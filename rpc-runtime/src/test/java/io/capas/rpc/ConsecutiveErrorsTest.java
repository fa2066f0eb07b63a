package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 7: a connection that sends nothing but errors (zero-length frames, requests that
 * are refused or are not calls) is closed after a few in a row, instead of being answered without
 * end.
 */
class ConsecutiveErrorsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int MAX = 4;

  private static RpcServer http(Transport transport) {
    return new RpcServer(
            new HttpServerBinding(
                transport, HttpServerSettings.defaults().withMaxConsecutiveErrors(MAX)),
            Endpoint.of("127.0.0.1", 0))
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
        .start();
  }

  @Test
  void httpClosesAfterConsecutiveRefusals() throws Exception {
    Transport transport = InMemoryTransport.create();
    try (RpcServer server = http(transport);
        Connection c = transport.connect(Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      c.readTimeout(WAIT);
      String get = "GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n";
      String notACall = RawHttp.post("/RPC2", "");
      c.sendAll((get + notACall + get + notACall + get + get).getBytes(UTF_8));
      for (int i = 0; i < MAX - 1; i++) {
        RawHttp.Response r = RawHttp.read(c);
        assertEquals("", r.header("Connection"), "answer " + i + ": " + r.head());
      }
      RawHttp.Response last = RawHttp.read(c);
      assertEquals("close", last.header("Connection"), last.head());
      // The rest is read and dropped (lingering close) until the client ends its side.
      c.shutdownOutput();
      assertEquals(-1, c.input().read(), "closed after " + MAX + " errors in a row");
    }
  }

  @Test
  void aGoodCallResetsTheCount() throws Exception {
    TcpTransport transport = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    try (RpcServer server = http(transport);
        Connection c = transport.connect(Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      c.readTimeout(WAIT);
      String bad = RawHttp.post("/RPC2", "<nope/>");
      String good = RawHttp.post("/RPC2", RawHttp.call("suma", "1", "2"));
      String batch = bad.repeat(MAX - 1) + good + bad.repeat(MAX - 1) + good;
      c.sendAll(batch.getBytes(UTF_8));
      for (int i = 0; i < 2 * MAX; i++) {
        RawHttp.Response r = RawHttp.read(c);
        assertEquals("", r.header("Connection"), "answer " + i + ": " + r.head());
        assertEquals(200, r.status());
      }
      c.sendAll(good.getBytes(UTF_8));
      assertTrue(RawHttp.read(c).text().contains("<int>3</int>"));
    }
  }
}
