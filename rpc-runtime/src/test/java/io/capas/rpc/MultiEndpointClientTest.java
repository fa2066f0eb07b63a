package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Ticker;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client over several real servers on loopback (issue 17): one never started (a refused port),
 * one closed in the middle of a run, one closed under a call it is running.
 */
class MultiEndpointClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<RpcServer> servers = new ArrayList<>();
  private final Map<String, AtomicInteger> whoami = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> blocked = new ConcurrentHashMap<>();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    servers.forEach(RpcServer::close);
  }

  /** A server answering {@code whoami} with its name; {@code block} blocks on {@code blocker}. */
  private RpcServer start(String name, boolean blocker) {
    // The blocker serves a thread per connection, whose close() closes a connection whose call is
    // still running (the selector model keeps it open until the handler returns).
    TcpConfig config =
        blocker
            ? TcpConfig.builder().model(TcpConfig.Model.THREAD_PER_CONNECTION).build()
            : TcpConfig.defaults();
    RpcServer server =
        RpcServer.http(new TcpTransport(config, HostResolver.system()), 0)
            .addMethod(
                "whoami",
                params -> {
                  whoami.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                  return name;
                })
            .addMethod(
                "host",
                (RpcContextHandler)
                    (context, params) -> context.header("Host").orElse("") + " " + name)
            .addMethod(
                "block",
                params -> {
                  blocked.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                  if (!blocker) {
                    return name;
                  }
                  entered.countDown();
                  return release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                })
            .start();
    servers.add(server);
    return server;
  }

  private static String url(RpcServer server) {
    return "http://127.0.0.1:" + server.port() + "/RPC2";
  }

  /** A loopback port nothing listens on (bound once, then closed). */
  private static int refusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static HttpInvoker http(String url) {
    return (HttpInvoker) HttpClientSettings.builder().url(url).timeout(TIMEOUT).build().invoker();
  }

  private static int count(Map<String, AtomicInteger> counts, String name) {
    AtomicInteger n = counts.get(name);
    return n == null ? 0 : n.get();
  }

  @Test
  void callsKeepSucceedingWithOneServerDownAndOneClosedMidRun() throws IOException {
    RpcServer a = start("a", false);
    RpcServer b = start("b", false);
    RpcServer c = start("c", false);
    HttpInvoker toB = http(url(b));
    List<MultiEndpointInvoker.Member> members =
        List.of(
            new MultiEndpointInvoker.Member("a", http(url(a))),
            new MultiEndpointInvoker.Member("b", toB),
            new MultiEndpointInvoker.Member(
                "down", http("http://127.0.0.1:" + refusedPort() + "/RPC2")),
            new MultiEndpointInvoker.Member("c", http(url(c))));
    // Ejections longer than the run: each refusing endpoint is tried exactly once.
    MultiEndpointInvoker invoker =
        new MultiEndpointInvoker(
            members,
            MultiEndpointSettings.Policy.ROUND_ROBIN,
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Ticker.systemTicker());
    int calls = 300;
    int closeAt = 100;
    Map<String, Integer> answers = new TreeMap<>();
    int bBeforeClose = 0;
    try (Client client = new Client(invoker, TIMEOUT)) {
      for (int i = 0; i < calls; i++) {
        if (i == closeAt) {
          bBeforeClose = count(whoami, "b");
          // b's pooled connection is watched once it has been idle for the watch delay.
          long watched = System.nanoTime() + TIMEOUT.toNanos();
          while (toB.watchedIdleConnections() == 0 && System.nanoTime() < watched) {
            Thread.onSpinWait();
          }
          assertEquals(1, toB.watchedIdleConnections(), "b's idle connection is watched");
          b.close();
          // The client notices the closed kept-alive connection before it writes to it; a call
          // racing the close by microseconds would fail with IO instead (never sent twice).
          long deadline = System.nanoTime() + TIMEOUT.toNanos();
          while (toB.watchedIdleConnections() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          assertEquals(0, toB.watchedIdleConnections());
        }
        answers.merge((String) client.call("whoami"), 1, Integer::sum);
      }
      assertTrue(invoker.ejected(1), "b refused once closed");
      assertTrue(invoker.ejected(2), "the port nobody listens on refused");
    }
    System.out.printf("calls=%d answers=%s servers=%s%n", calls, answers, whoami);
    assertEquals(calls, answers.values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(
        calls,
        count(whoami, "a") + count(whoami, "b") + count(whoami, "c"),
        "every call ran exactly once");
    assertTrue(bBeforeClose > 20, "b took its share before it was closed: " + bBeforeClose);
    assertEquals(bBeforeClose, count(whoami, "b"), "nothing reached b after close");
    assertEquals(calls - bBeforeClose, count(whoami, "a") + count(whoami, "c"));
    // Round-robin over the endpoints left: a and c share the load of b and of the refused port.
    assertTrue(
        count(whoami, "a") >= (calls - closeAt) / 2 && count(whoami, "c") >= (calls - closeAt) / 2,
        answers::toString);
  }

  @Test
  void aCallTheServerDiesUnderIsNotSentToAnother() throws Exception {
    RpcServer b = start("b", true);
    RpcServer a = start("a", false);
    RpcServer c = start("c", false);
    try (Client client =
        MultiEndpointSettings.builder()
            .url(url(b))
            .url(url(a))
            .url(url(c))
            .policy(MultiEndpointSettings.Policy.PICK_FIRST)
            .timeout(TIMEOUT)
            .build()
            .client()) {
      // A kept-alive connection to b, which the blocking call then reuses.
      assertEquals("b", client.call("whoami"));
      CompletableFuture<Object> call = client.callAsync("block");
      assertTrue(entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "b runs the call");
      b.close();
      ExecutionException failed =
          assertThrows(
              ExecutionException.class, () -> call.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      RpcException e = assertInstanceOf(RpcException.class, failed.getCause());
      // Written to a reused connection that then broke: it may have run, so IO, not UNAVAILABLE.
      assertEquals(RpcException.Kind.IO, e.kind(), e.toString());
      assertEquals(1, count(blocked, "b"));
      assertEquals(0, count(blocked, "a") + count(blocked, "c"), "the call was not sent again");
      // b is gone: the next call finds it refusing and goes on to a.
      assertEquals("a", client.call("whoami"));
    }
  }

  @Test
  void clientConnectSpreadsOverAListOfUrls() {
    RpcServer a = start("a", false);
    RpcServer b = start("b", false);
    try (Client client = Client.connect(List.of(url(a), url(b)))) {
      for (int i = 0; i < 10; i++) {
        client.call("whoami");
      }
    }
    assertEquals(5, count(whoami, "a"));
    assertEquals(5, count(whoami, "b"));
  }

  @Test
  void everyAddressOfANameIsAnEndpointThatKeepsTheName() {
    RpcServer a = start("a", false);
    HostResolver twoAddresses =
        host -> {
          assertEquals("capas.test", host);
          return List.of(InetAddress.getLoopbackAddress(), InetAddress.getByName("127.0.0.2"));
        };
    MultiEndpointSettings settings =
        MultiEndpointSettings.builder()
            .everyAddressOf("http://capas.test:" + a.port() + "/RPC2")
            .resolver(twoAddresses)
            .timeout(TIMEOUT)
            .build();
    try (Client client = settings.client()) {
      assertTrue(client.target().contains("at 127.0.0.1"), client.target());
      assertTrue(client.target().contains("at 127.0.0.2"), client.target());
      for (int i = 0; i < 4; i++) {
        assertEquals("capas.test:" + a.port() + " a", client.call("host"));
      }
    }
  }
}
