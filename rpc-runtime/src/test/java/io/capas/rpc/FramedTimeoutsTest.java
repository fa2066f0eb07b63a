package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12, item 6: the framed binding closes connections that send nothing, stall inside a frame
 * header, or trickle a frame, so that they cannot hold the server's connection slots for good.
 */
class FramedTimeoutsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration LONG = Duration.ofMinutes(2);

  private static RpcServer server(TcpTransport transport, FramedServerSettings settings) {
    return new RpcServer(new FramedServerBinding(transport, settings), Endpoint.of("127.0.0.1", 0))
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
        .start();
  }

  private static TcpTransport transport(TcpConfig.Model model) {
    return new TcpTransport(
        TcpConfig.defaults().toBuilder().model(model).build(), HostResolver.system());
  }

  /** Waits for the server to close {@code c}: end of stream or a reset, not the read timeout. */
  private static void assertClosedByServer(Connection c) throws IOException {
    c.readTimeout(WAIT);
    try {
      assertEquals(-1, c.input().read());
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open for " + WAIT, e);
    } catch (IOException reset) {
      // closed: a reset is as good as an end of stream here
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TcpConfig.Model.class,
      names = {"THREAD_PER_CONNECTION", "POOL", "MULTIPLEX"})
  void idleConnectionsAndStalledHeadersAreClosed(TcpConfig.Model model) throws Exception {
    TcpTransport transport = transport(model);
    try (RpcServer idle =
            server(transport, FramedServerSettings.defaults().withTimeouts(SHORT, LONG, LONG));
        RpcServer header =
            server(transport, FramedServerSettings.defaults().withTimeouts(LONG, SHORT, LONG))) {
      List<Connection> open = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          open.add(transport.connect(Endpoint.of("127.0.0.1", idle.port()), WAIT));
          Connection oneByte = transport.connect(Endpoint.of("127.0.0.1", header.port()), WAIT);
          oneByte.sendAll(new byte[] {0});
          open.add(oneByte);
        }
        for (Connection c : open) {
          assertClosedByServer(c);
        }
      } finally {
        open.forEach(Connection::close);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TcpConfig.Model.class,
      names = {"THREAD_PER_CONNECTION", "POOL", "MULTIPLEX"})
  void aTricklingFrameIsClosedAtTheFrameTimeout(TcpConfig.Model model) throws Exception {
    TcpTransport transport = transport(model);
    try (RpcServer server =
            server(
                transport,
                FramedServerSettings.defaults().withTimeouts(LONG, LONG, Duration.ofSeconds(1)));
        Connection c = transport.connect(Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      c.sendAll(ByteBuffer.allocate(4).putInt(200).array());
      CompletableFuture<Void> closed =
          CompletableFuture.runAsync(
              () -> {
                try {
                  assertClosedByServer(c);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      int sent = 0;
      // Bounded: 150 bytes, one every 100 ms (15 s), ending early when the server closes.
      for (; sent < 150 && !closed.isDone(); sent++) {
        try {
          c.sendAll(new byte[] {'x'});
        } catch (IOException e) {
          break;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
      closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      // Closed after about 10 bytes (1 s); 150 would mean the trickle kept it open for 15 s.
      assertTrue(sent < 150, "the server kept a trickling frame for " + sent + " bytes");
    }
  }
}
