package io.capas.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.socket.TcpClient;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the conformance suite leaves to TCP: address order, idle timeout, backpressure, config. */
class TcpTransportTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static SessionFactory echo() {
    return context ->
        new Session() {
          @Override
          public void onData(ByteBuffer data) throws IOException {
            context.write(data);
          }
        };
  }

  @Test
  void connectTriesEveryResolvedAddressInOrder() throws Exception {
    Transport plain = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    try (Server server = plain.serve(Endpoint.of("127.0.0.1", 0), echo())) {
      // ::1 refuses (the server listens on IPv4 only), then 127.0.0.1 answers.
      List<InetAddress> order = List.of(v6Loopback(), v4Loopback());
      Transport transport = new TcpTransport(TcpConfig.defaults(), host -> order);
      try (TcpClient client =
          (TcpClient) transport.connect(Endpoint.of("both", server.address().getPort()), WAIT)) {
        assertEquals(v4Loopback(), client.remoteAddress().getAddress());
      }
    }
  }

  @Test
  void everyAddressRefusingIsOneConnectExceptionWithTheOthersSuppressed() throws IOException {
    int port;
    try (Server server =
        new TcpTransport(TcpConfig.defaults(), HostResolver.system())
            .serve(Endpoint.of("127.0.0.1", 0), echo())) {
      port = server.address().getPort();
    }
    List<InetAddress> order = List.of(v6Loopback(), v4Loopback());
    Transport transport = new TcpTransport(TcpConfig.defaults(), host -> order);
    ConnectException e =
        assertThrows(
            ConnectException.class, () -> transport.connect(Endpoint.of("both", port), WAIT));
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    assertEquals(1, e.getSuppressed().length);
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void idleConnectionsAreClosedAfterTheIdleTimeout(TcpConfig.Model model) throws IOException {
    Transport transport =
        new TcpTransport(
            TcpConfig.builder().model(model).idleTimeout(Duration.ofMillis(200)).build(),
            HostResolver.system());
    try (Server server = transport.serve(Endpoint.of("127.0.0.1", 0), echo());
        Connection client =
            transport.connect(Endpoint.of("127.0.0.1", server.address().getPort()), WAIT)) {
      client.readTimeout(WAIT);
      client.sendAll(new byte[] {1});
      assertArrayEquals(new byte[] {1}, client.receiveExactly(1));
      long start = System.nanoTime();
      assertEquals(-1, client.input().read());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 150, "closed after " + millis + " ms");
    }
  }

  @Test
  void multiplexStopsReadingAConnectionWhoseWriteQueueIsFull() throws Exception {
    int watermark = 64 * 1024;
    int readBuffer = 4 * 1024;
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.builder()
                .model(TcpConfig.Model.MULTIPLEX)
                .writeQueueHighWatermark(watermark)
                .readBufferSize(readBuffer)
                .build(),
            HostResolver.system());
    byte[] payload = new byte[32 << 20];
    new Random(7).nextBytes(payload);
    try (MultiplexTcpServer server =
            (MultiplexTcpServer) transport.serve(Endpoint.of("127.0.0.1", 0), echo());
        Connection client =
            transport.connect(Endpoint.of("127.0.0.1", server.address().getPort()), WAIT)) {
      client.readTimeout(WAIT);
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  client.sendAll(payload);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      // Nobody reads the echo for a second: the server must stop reading rather than queue what
      // the socket buffers cannot hold. (Whether the writer is blocked by then depends on how big
      // the kernel lets the buffers grow, so only the queue is asserted.)
      try {
        writer.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException stillWriting) {
        // expected on most machines
      }
      assertArrayEquals(payload, client.receiveExactly(payload.length));
      writer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      long most = server.mostQueuedBytes();
      assertTrue(most <= watermark + readBuffer, "queued up to " + most + " bytes");
    }
  }

  @Test
  void configRejectsBadValuesNamingThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.builder().pool(0).build());
    assertTrue(e.getMessage().contains("poolSize"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TcpConfig.builder().poolSize(0).build());
    TcpConfig sized = TcpConfig.builder().poolSize(7).build();
    assertEquals(7, sized.poolSize());
    assertEquals(TcpConfig.Model.MULTIPLEX, sized.model());
    assertThrows(
        IllegalArgumentException.class, () -> TcpConfig.builder().maxConnections(0).build());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TcpConfig.builder().offloadAfter(Duration.ofMillis(-1)).build());
    assertTrue(e.getMessage().contains("offloadAfter"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TcpConfig.builder().idleTimeout(Duration.ofSeconds(-1)).build());
    assertThrows(
        IllegalArgumentException.class, () -> TcpConfig.builder().readBufferSize(1).build());
    assertThrows(IllegalArgumentException.class, () -> TcpConfig.builder().backlog(0).build());
  }

  @Test
  void defaultsAreMultiplexWithNoIdleTimeout() {
    TcpConfig config = TcpConfig.defaults();
    assertEquals(TcpConfig.Model.MULTIPLEX, config.model());
    assertEquals(Duration.ofMillis(5), config.offloadAfter());
    assertEquals(Duration.ZERO, config.idleTimeout());
    assertTrue(config.tcpNoDelay());
    assertEquals(config, config.toBuilder().build());
  }

  @Test
  void theDefaultModelWithTlsIsMultiplexAndAChosenOneStays() throws Exception {
    TlsSettings tls = TlsSettings.of(TestCertificates.serverContext());
    assertEquals(TcpConfig.Model.MULTIPLEX, TcpConfig.builder().tls(tls).build().model());
    assertEquals(
        TcpConfig.Model.MULTIPLEX, TcpConfig.defaults().toBuilder().tls(tls).build().model());
    TcpConfig pool = TcpConfig.builder().model(TcpConfig.Model.POOL).build();
    assertEquals(TcpConfig.Model.POOL, pool.toBuilder().tls(tls).build().model());
    assertEquals(
        TcpConfig.Model.MULTIPLEX,
        TcpConfig.builder().model(TcpConfig.Model.MULTIPLEX).tls(tls).build().model());
  }

  /** 127.0.0.1, built from its bytes so the address family is fixed and nothing is looked up. */
  private static InetAddress v4Loopback() throws UnknownHostException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
  }

  /** ::1, built from its bytes so the address family is fixed and nothing is looked up. */
  private static InetAddress v6Loopback() throws UnknownHostException {
    byte[] address = new byte[16];
    address[15] = 1;
    return InetAddress.getByAddress(address);
  }
}
