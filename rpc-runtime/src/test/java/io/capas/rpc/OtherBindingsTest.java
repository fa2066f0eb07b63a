package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Endpoint;
import io.capas.transport.MessageTransport;
import io.capas.transport.RequestChannel;
import io.capas.transport.RequestHandler;
import io.capas.transport.Server;
import io.capas.xmlrpc.FaultCodes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The framed binding over the in-memory transport and the message binding over a fake one. */
class OtherBindingsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void framedBindingCarriesCallsOnOneConnection() {
    InMemoryTransport transport = InMemoryTransport.create();
    try (RpcServer server =
            RpcServer.framed(transport, Endpoint.of("localhost", 0))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client =
            FramedClientSettings.builder()
                .endpoint("localhost", server.port())
                .dialer(transport)
                .timeout(WAIT)
                .build()
                .client()) {
      for (int i = 0; i < 50; i++) {
        assertEquals(i + 2, client.call("suma", i, 2));
      }
      assertEquals(1, server.activeConnections());
      RpcFault fault = assertThrows(RpcFault.class, () -> client.call("nope"));
      assertEquals(FaultCodes.METHOD_NOT_FOUND, fault.code());
      assertEquals("framed://localhost:" + server.port(), server.url());
    }
  }

  /** Whole messages handed straight to the handler: enough to test the binding. */
  static final class DirectMessageTransport implements MessageTransport {
    private final Map<Integer, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicInteger ports = new AtomicInteger(30_000);

    @Override
    public RequestChannel open(Endpoint remote) {
      return new RequestChannel() {
        @Override
        public byte[] call(byte[] request, Duration deadline) throws IOException {
          RequestHandler handler = handlers.get(remote.port());
          if (handler == null) {
            throw new ConnectException("nothing on " + remote);
          }
          try {
            return handler.handle(
                request, new InetSocketAddress(InetAddress.getLoopbackAddress(), 1));
          } catch (Exception e) {
            throw new IOException(e);
          }
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public Server serve(Endpoint local, RequestHandler handler) {
      int port = ports.incrementAndGet();
      handlers.put(port, handler);
      return new Server() {
        @Override
        public InetSocketAddress address() {
          return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        @Override
        public int activeConnections() {
          return 0;
        }

        @Override
        public void shutdown(Duration grace) {
          close();
        }

        @Override
        public void close() {
          handlers.remove(port);
        }
      };
    }
  }

  @Test
  void messageBindingCarriesCallsAsWholeDocuments() {
    DirectMessageTransport transport = new DirectMessageTransport();
    try (RpcServer server =
            RpcServer.messages(transport, Endpoint.of("localhost", 0))
                .addMethod("echo", Object.class, x -> x)
                .start();
        Client client =
            MessageClientSettings.builder()
                .transport(transport)
                .endpoint("localhost", server.port())
                .timeout(WAIT)
                .build()
                .client()) {
      assertEquals(Map.of("a", 1), client.call("echo", Map.of("a", 1)));
      assertEquals("udp://localhost:" + server.port(), server.url());
      server.close();
      RpcException gone = assertThrows(RpcException.class, () -> client.call("echo", 1));
      assertEquals(RpcException.Kind.UNAVAILABLE, gone.kind());
    }
  }
}
