package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14: a handler reads its {@link CallContext} (method, binding, addresses, headers, the
 * authenticated user) over HTTP and framed; server interceptors run in order around the handler and
 * can answer a call without dispatching it.
 */
@Timeout(60)
class CallContextTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final TcpTransport transport =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());

  /** What {@code whoami} answers: the context as the handler saw it. */
  private static Map<String, Object> describe(CallContext context) {
    InetSocketAddress remote = context.remoteAddress().orElseThrow();
    return Map.of(
        "method", context.method(),
        "binding", context.binding(),
        "local", context.localAddress().orElseThrow().getPort(),
        "remoteLoopback", remote.getAddress().isLoopbackAddress(),
        "userAgent", context.header("user-agent").orElse(""),
        "principal", context.principal().orElse(""),
        "current", CallContext.current() == context,
        "remainingMillis", context.remaining().map(Duration::toMillis).orElse(-1L),
        "tls", context.tlsSession().isPresent());
  }

  private RpcServer server(TcpBinding binding, HttpServerSettings settings) {
    Endpoint any = Endpoint.of("127.0.0.1", 0);
    return binding == TcpBinding.HTTP
        ? new RpcServer(new HttpServerBinding(transport, settings), any)
        : RpcServer.framed(transport, any);
  }

  private Client client(TcpBinding binding, int port, String user, String password) {
    Endpoint remote = Endpoint.of("127.0.0.1", port);
    if (user.isEmpty()) {
      return binding.client(transport, remote, WAIT);
    }
    return HttpClientSettings.builder()
        .endpoint(remote.host(), port)
        .dialer(transport)
        .timeout(WAIT)
        .basicAuth(user, password)
        .build()
        .client();
  }

  @ParameterizedTest
  @EnumSource(TcpBinding.class)
  void aHandlerReadsItsContext(TcpBinding binding) {
    try (RpcServer server =
            server(binding, HttpServerSettings.defaults())
                .addMethod("whoami", (context, params) -> describe(context))
                .addMethod("binding", params -> CallContext.current().binding())
                .start();
        Client client = client(binding, server.port(), "", "")) {
      Map<?, ?> seen = (Map<?, ?>) client.call("whoami");
      assertEquals("whoami", seen.get("method"));
      assertEquals(binding.name().toLowerCase(Locale.ROOT), seen.get("binding"));
      assertEquals(server.port(), seen.get("local"));
      assertEquals(true, seen.get("remoteLoopback"));
      assertEquals(binding == TcpBinding.HTTP ? "capas" : "", seen.get("userAgent"));
      assertEquals("", seen.get("principal"));
      assertEquals(true, seen.get("current"));
      assertEquals(false, seen.get("tls"));
      // The HTTP client sends its timeout (20 s); framed calls carry none.
      long remaining = ((Number) seen.get("remainingMillis")).longValue();
      if (binding == TcpBinding.HTTP) {
        assertTrue(remaining > 10_000 && remaining <= 20_000, "remaining " + remaining);
      } else {
        assertEquals(-1L, remaining);
      }
      assertEquals(seen.get("binding"), client.call("binding"));
    }
  }

  @Test
  void theUserBasicAuthenticationLetInIsThePrincipal() {
    try (RpcServer server =
            server(TcpBinding.HTTP, HttpServerSettings.defaults().withBasicAuth("ana", "s3cret"))
                .addMethod("whoami", (context, params) -> describe(context))
                .start();
        Client ana = client(TcpBinding.HTTP, server.port(), "ana", "s3cret")) {
      assertEquals("ana", ((Map<?, ?>) ana.call("whoami")).get("principal"));
    }
  }

  @ParameterizedTest
  @EnumSource(TcpBinding.class)
  void anInterceptorAnswersACallWithoutDispatchingIt(TcpBinding binding) {
    AtomicInteger secretRuns = new AtomicInteger();
    try (RpcServer server =
            server(binding, HttpServerSettings.defaults())
                .intercept(
                    (context, call, next) ->
                        call.methodName().equals("secret")
                            ? MethodResponse.fault(403, "not for " + context.binding())
                            : next.proceed(context, call))
                .addMethod("secret", params -> secretRuns.incrementAndGet())
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client = client(binding, server.port(), "", "")) {
      RpcFault e = assertThrows(RpcFault.class, () -> client.call("secret"));
      assertEquals(403, e.code());
      assertEquals("not for " + binding.name().toLowerCase(Locale.ROOT), e.faultString());
      assertEquals(0, secretRuns.get());
      assertEquals(5, client.call("suma", 2, 3));
    }
  }

  @ParameterizedTest
  @EnumSource(TcpBinding.class)
  void eachCallInsideAMulticallGoesThroughTheInterceptors(TcpBinding binding) {
    AtomicInteger secretRuns = new AtomicInteger();
    List<String> seen = new CopyOnWriteArrayList<>();
    try (RpcServer server =
            server(binding, HttpServerSettings.defaults())
                .intercept(
                    (context, call, next) -> {
                      seen.add(context.method() + "=" + call.methodName());
                      return call.methodName().equals("secret")
                          ? MethodResponse.fault(403, "refused")
                          : next.proceed(context, call);
                    })
                .addMethod("secret", params -> secretRuns.incrementAndGet())
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client = client(binding, server.port(), "", "")) {
      List<MethodResponse> answers =
          client.multicall(
              List.of(
                  new MethodCall("suma", List.of(2, 3)),
                  new MethodCall("secret", List.of()),
                  new MethodCall("system.multicall", List.of(List.of()))));
      assertEquals(MethodResponse.success(5), answers.get(0));
      assertEquals(MethodResponse.fault(403, "refused"), answers.get(1));
      // Still no multicall inside a multicall, interceptors or not.
      assertTrue(answers.get(2) instanceof Fault, answers.get(2).toString());
      assertEquals(0, secretRuns.get());
      assertEquals(
          List.of(
              "system.multicall=system.multicall",
              "suma=suma",
              "secret=secret",
              "system.multicall=system.multicall"),
          seen);
    }
  }

  @Test
  void interceptorsRunInOrderAroundTheHandlerAndTheirFailuresAreFaults() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (RpcServer server =
            server(TcpBinding.HTTP, HttpServerSettings.defaults())
                .intercept(
                    (context, call, next) -> {
                      seen.add("a:" + call.methodName());
                      MethodResponse response = next.proceed(context, call);
                      seen.add("a:" + (response.isFault() ? "fault" : "ok"));
                      return response;
                    })
                .intercept(
                    (context, call, next) -> {
                      if (call.methodName().equals("broken")) {
                        throw new IllegalStateException("interceptor broke");
                      }
                      seen.add("b");
                      return next.proceed(context, call);
                    })
                .addMethod(
                    "suma",
                    Integer.class,
                    Integer.class,
                    (a, b) -> {
                      seen.add("handler");
                      return a + b;
                    })
                .addMethod("broken", params -> "never")
                .start();
        Client client = client(TcpBinding.HTTP, server.port(), "", "")) {
      assertEquals(5, client.call("suma", 2, 3));
      assertEquals(List.of("a:suma", "b", "handler", "a:ok"), seen);
      RpcFault e = assertThrows(RpcFault.class, () -> client.call("broken"));
      assertEquals(-32500, e.code());
      assertEquals("interceptor broke", e.faultString());
    }
  }

  @Test
  void aClientInterceptorsBearerTokenIsWhatTheServersAuthInterceptorAccepts() {
    try (RpcServer server =
            server(TcpBinding.HTTP, HttpServerSettings.defaults())
                .intercept(
                    (context, call, next) ->
                        context.header("Authorization").orElse("").equals("Bearer t0k3n")
                            ? next.proceed(context, call)
                            : MethodResponse.fault(401, "bearer token required"))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client = client(TcpBinding.HTTP, server.port(), "", "")) {
      RpcFault e = assertThrows(RpcFault.class, () -> client.call("suma", 1, 2));
      assertEquals(401, e.code());
      List<String> methods = new CopyOnWriteArrayList<>();
      Client authed =
          client
              .withInterceptor(
                  (call, next) -> next.proceed(call.withHeader("Authorization", "Bearer t0k3n")))
              .withInterceptor(
                  (call, next) -> {
                    methods.add(call.method());
                    return next.proceed(call);
                  });
      assertEquals(3, authed.call("suma", 1, 2));
      assertEquals(7, authed.withTimeout(Duration.ofSeconds(5)).call("suma", 3, 4));
      assertEquals(List.of("suma", "suma"), methods);
    }
  }

  @Test
  void theCallersTimeoutBoundsTheHandlersDeadline() {
    try (RpcServer server =
            server(TcpBinding.HTTP, HttpServerSettings.defaults())
                .addMethod(
                    "patient",
                    (context, params) -> {
                      // Works as long as the caller waits, and answers just before it gives up.
                      Duration left = context.remaining().orElseThrow();
                      Thread.sleep(Math.max(0, left.toMillis() - 400));
                      return "in time";
                    })
                .start();
        Client client = client(TcpBinding.HTTP, server.port(), "", "")) {
      long start = System.nanoTime();
      assertEquals("in time", client.withTimeout(Duration.ofMillis(1500)).call("patient"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 900 && millis < 1500, "took " + millis + " ms");
    }
  }

  @Test
  void thereIsNoCurrentContextOutsideACall() {
    assertThrows(IllegalStateException.class, CallContext::current);
  }
}
