package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Endpoint;
import io.capas.transport.MessageTransport;
import io.capas.transport.RequestChannel;
import io.capas.transport.RequestHandler;
import io.capas.transport.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code callAsync} over a message binding goes through the channel's own {@code callAsync} (with
 * reliable UDP: no thread waits per call), keeps the client's deadline, and completes off the
 * transport's thread.
 */
@Timeout(60)
class MessageAsyncCallsTest {
  private static final InetSocketAddress PEER =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);

  /** A request whose reply the test hands over when it likes. */
  private static final class Deferred {
    private final byte[] request;
    private final CompletableFuture<byte[]> reply;

    Deferred(byte[] request, CompletableFuture<byte[]> reply) {
      this.request = request;
      this.reply = reply;
    }

    byte[] request() {
      return request;
    }

    CompletableFuture<byte[]> reply() {
      return reply;
    }
  }

  /** Answers call() at once and defers callAsync() until {@link #answerAll}. */
  private static final class DeferringTransport implements MessageTransport {
    private volatile @Nullable RequestHandler handler;
    final List<Deferred> deferred = new CopyOnWriteArrayList<>();

    @Override
    public RequestChannel open(Endpoint remote) {
      return new RequestChannel() {
        @Override
        public byte[] call(byte[] request, Duration deadline) {
          return answer(request);
        }

        @Override
        public CompletableFuture<byte[]> callAsync(byte[] request, Duration deadline) {
          CompletableFuture<byte[]> reply = new CompletableFuture<>();
          deferred.add(new Deferred(request, reply));
          return reply;
        }

        @Override
        public void close() {}
      };
    }

    byte[] answer(byte[] request) {
      try {
        return handler.handle(request, PEER);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    void answerAll() {
      for (Deferred d : deferred) {
        d.reply().complete(answer(d.request()));
      }
    }

    @Override
    public Server serve(Endpoint local, RequestHandler requests) {
      this.handler = requests;
      return new Server() {
        @Override
        public InetSocketAddress address() {
          return new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000);
        }

        @Override
        public int activeConnections() {
          return 0;
        }

        @Override
        public void shutdown(Duration grace) {}

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void asyncCallsGoThroughTheChannelsAsyncCallAndKeepTheirDeadline() throws Exception {
    DeferringTransport transport = new DeferringTransport();
    try (RpcServer server =
            RpcServer.messages(transport, Endpoint.of("localhost", 0))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client =
            MessageClientSettings.builder()
                .transport(transport)
                .endpoint("localhost", server.port())
                .timeout(Duration.ofSeconds(20))
                .build()
                .client()) {
      assertEquals(2, client.call("suma", 1, 1)); // opens the channel
      List<CompletableFuture<@Nullable Object>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        calls.add(client.callAsync("suma", i, i));
      }
      assertEquals(100, transport.deferred.size());
      assertTrue(calls.stream().noneMatch(CompletableFuture::isDone));
      Set<String> completedOn = ConcurrentHashMap.newKeySet();
      CountDownLatch ran = new CountDownLatch(calls.size());
      for (CompletableFuture<@Nullable Object> call : calls) {
        CompletableFuture<Void> unused =
            call.thenRun(
                () -> {
                  completedOn.add(Thread.currentThread().getName());
                  ran.countDown();
                });
      }
      transport.answerAll();
      assertTrue(ran.await(30, TimeUnit.SECONDS));
      for (int i = 0; i < calls.size(); i++) {
        assertEquals(2 * i, calls.get(i).join());
      }
      assertEquals(Set.of("capas-call-done"), completedOn);

      CompletableFuture<@Nullable Object> late =
          client.withTimeout(Duration.ofMillis(200)).callAsync("suma", 1, 2);
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
      assertEquals(RpcException.Kind.TIMEOUT, ((RpcException) e.getCause()).kind());
      // The channel's call is given up too (just after the caller hears of the timeout).
      CompletableFuture<byte[]> given = transport.deferred.get(100).reply();
      assertThrows(CancellationException.class, () -> given.get(10, TimeUnit.SECONDS));
    }
  }
}
