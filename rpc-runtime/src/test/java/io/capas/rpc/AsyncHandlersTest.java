package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.FaultCodes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Handlers may return a {@link CompletableFuture} completed on any thread (the response is written
 * when it completes, within the caller's deadline), and {@link XmlRpcMethod} methods may take the
 * {@link CallContext} as a parameter that is not part of their XML-RPC signature.
 */
@Timeout(60)
// The handlers under test return their futures as Object on purpose: the runtime awaits them.
@SuppressWarnings("FutureReturnValueIgnored")
class AsyncHandlersTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final TcpTransport transport =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());
  private final ExecutorService elsewhere =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "completer"));

  @AfterEach
  void stop() {
    elsewhere.shutdownNow();
  }

  @ParameterizedTest
  @EnumSource(TcpBinding.class)
  void aFutureCompletedOnAnotherThreadIsTheAnswer(TcpBinding binding) {
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    AtomicReference<Thread> completerThread = new AtomicReference<>();
    try (RpcServer server =
            binding
                .server(transport)
                .addMethod(
                    "later",
                    Integer.class,
                    Integer.class,
                    (a, b) -> {
                      handlerThread.set(Thread.currentThread());
                      return CompletableFuture.supplyAsync(
                          () -> {
                            completerThread.set(Thread.currentThread());
                            sleep(100);
                            return a + b;
                          },
                          elsewhere);
                    })
                .start();
        Client client = binding.client(transport, Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      assertEquals(5, client.call("later", 2, 3));
      assertEquals("completer", completerThread.get().getName());
      assertNotSame(handlerThread.get(), completerThread.get());
    }
  }

  @Test
  void aFailedFutureIsAFault() {
    try (RpcServer server =
            TcpBinding.HTTP
                .server(transport)
                .addMethod(
                    "refuse",
                    params ->
                        CompletableFuture.failedFuture(new RpcFault(4, "Too many parameters")))
                .addMethod(
                    "broken",
                    params -> CompletableFuture.failedFuture(new IllegalStateException("boom")))
                .start();
        Client client =
            TcpBinding.HTTP.client(transport, Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      RpcFault refused = assertThrows(RpcFault.class, () -> client.call("refuse"));
      assertEquals(4, refused.code());
      assertEquals("Too many parameters", refused.faultString());
      RpcFault broken = assertThrows(RpcFault.class, () -> client.call("broken"));
      assertEquals(FaultCodes.APPLICATION_ERROR, broken.code());
      assertEquals("boom", broken.faultString());
    }
  }

  @Test
  void theCallersDeadlineCancelsAFutureThatOutlivesIt() throws Exception {
    CompletableFuture<Object> never = new CompletableFuture<>();
    CountDownLatch cancelled = new CountDownLatch(1);
    never.whenComplete((value, failure) -> cancelled.countDown());
    try (RpcServer server =
            TcpBinding.HTTP.server(transport).addMethod("never", params -> never).start();
        Client client =
            TcpBinding.HTTP.client(transport, Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      long start = System.nanoTime();
      RpcException late =
          assertThrows(
              RpcException.class, () -> client.withTimeout(Duration.ofMillis(300)).call("never"));
      assertEquals(RpcException.Kind.TIMEOUT, late.kind());
      // The Capas-Timeout header told the server the deadline: it cancels the future then.
      assertTrue(cancelled.await(10, TimeUnit.SECONDS), "the future was never cancelled");
      assertTrue(never.isCancelled());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }
  }

  /** A service whose methods take the call's context where they like. */
  public static final class Service {
    @XmlRpcMethod
    public String whoCalls(CallContext context, String greeting) {
      return greeting + " " + context.method() + " over " + context.binding();
    }

    @XmlRpcMethod
    public int sumWithContextLast(int a, int b, CallContext context) {
      return context.remoteAddress().isPresent() ? a + b : -1;
    }

    @XmlRpcMethod
    public CompletableFuture<Integer> twiceLater(int a) {
      return CompletableFuture.supplyAsync(() -> 2 * a);
    }
  }

  @ParameterizedTest
  @EnumSource(TcpBinding.class)
  void annotatedMethodsTakeTheContextOutsideTheirSignature(TcpBinding binding) {
    try (RpcServer server = binding.server(transport).addObject(new Service()).start();
        Client client = binding.client(transport, Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      String expected = "hola whoCalls over " + binding.name().toLowerCase(Locale.ROOT);
      assertEquals(expected, client.call("whoCalls", "hola"));
      assertEquals(5, client.call("sumWithContextLast", 2, 3));
      assertEquals(14, client.call("twiceLater", 7));
      assertEquals(
          List.of(List.of("string", "string")), client.call("system.methodSignature", "whoCalls"));
      assertEquals(
          List.of(List.of("int", "int", "int")),
          client.call("system.methodSignature", "sumWithContextLast"));
      assertEquals(
          List.of(List.of("int", "int")), client.call("system.methodSignature", "twiceLater"));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
