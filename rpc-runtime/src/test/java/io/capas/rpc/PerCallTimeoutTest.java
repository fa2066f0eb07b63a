package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Client#withTimeout}: a per-call deadline shorter than the client's default fires on its
 * own, and the client goes on with its default (a new connection: the timed-out one is never reused
 * half-read).
 */
@Timeout(60)
class PerCallTimeoutTest {
  private static final Duration DEFAULT = Duration.ofSeconds(30);
  private static final Duration SHORT = Duration.ofMillis(300);

  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseHandlers() {
    release.countDown();
  }

  @ParameterizedTest
  @EnumSource(TcpBinding.class)
  void aShorterPerCallTimeoutFiresWhileTheDefaultStillHolds(TcpBinding binding) throws Exception {
    TcpTransport transport = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    Endpoint any = Endpoint.of("127.0.0.1", 0);
    RpcServer unstarted = binding.server(transport, any);
    try (RpcServer server =
            unstarted
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .addMethod(
                    "slow",
                    Integer.class,
                    i -> {
                      release.await(DEFAULT.toSeconds(), TimeUnit.SECONDS);
                      return i;
                    })
                .start();
        Client client =
            binding.client(transport, Endpoint.of("127.0.0.1", server.port()), DEFAULT)) {
      assertEquals(DEFAULT, client.timeout());
      Client quick = client.withTimeout(SHORT);
      assertEquals(SHORT, quick.timeout());
      assertSame(client, client.withTimeout(DEFAULT));

      long start = System.nanoTime();
      RpcException e = assertThrows(RpcException.class, () -> quick.call("slow", 1));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(RpcException.Kind.TIMEOUT, e.kind(), e::toString);
      assertTrue(millis < 2_000, "the 300 ms call took " + millis + " ms");

      // The client's own default is untouched, and it still serves.
      assertEquals(5, client.call("suma", 2, 3));
      assertEquals(7, quick.call("suma", 3, 4));
    }
  }
}
