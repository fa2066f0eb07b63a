package io.capas.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.CallContext;
import io.capas.rpc.CallListener;
import io.capas.rpc.Client;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** docs/guide/operations.md: a call listener, the access log and a graceful stop, run. */
class OperationsGuideTest {

  // guide:begin listener
  /** Counts calls per method and outcome; a metrics library would take these numbers. */
  static final class CallCounter implements CallListener {
    final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void ended(CallContext context, Result result) {
      String key = context.method() + (result.succeeded() ? " ok" : " fault " + result.faultCode());
      counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
  }

  // guide:end listener

  // guide:begin graceful
  /** On SIGTERM (or System.exit): stop accepting, let calls in flight finish, then exit. */
  static Thread gracefulStop(RpcServer server, Duration grace) {
    Thread hook =
        new Thread(
            () -> {
              try {
                server.shutdown(grace);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "capas-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  // guide:end graceful

  @Test
  void listenerAccessLogAndGracefulStop() throws Exception {
    // guide:begin server
    CallCounter counter = new CallCounter();
    RpcServer server =
        RpcServer.http(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), 0)
            .accessLog(true) // one INFO line per call, logger "io.capas.rpc.access"
            .listen(counter)
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
    Thread hook = gracefulStop(server, Duration.ofSeconds(20));
    // guide:end server
    try (Client client = Client.connect(server.url())) {
      assertEquals(5, client.call("suma", 2, 3));
      assertThrows(RpcFault.class, () -> client.call("nosuch"));
      assertEquals(1, counter.counts.get("suma ok").sum());
      assertEquals(1, counter.counts.get("nosuch fault -32601").sum());
      assertTrue(server.activeConnections() >= 1);
    } finally {
      assertTrue(Runtime.getRuntime().removeShutdownHook(hook));
      hook.start(); // what the JVM does on SIGTERM
      hook.join(Duration.ofSeconds(30));
    }
    assertEquals(0, server.activeConnections());
  }
}
