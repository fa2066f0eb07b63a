package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.http.Headers;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.FaultCodes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Call listeners hear each call's start and end; the access log is one of them. */
@Timeout(60)
class CallListenerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final TcpTransport transport =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());

  private record Ended(String method, CallListener.Result result) {}

  @ParameterizedTest
  @EnumSource(TcpBinding.class)
  void listenersHearStartAndEndWithOutcomeBytesAndDuration(TcpBinding binding) {
    List<String> started = new CopyOnWriteArrayList<>();
    List<Ended> ended = new CopyOnWriteArrayList<>();
    try (RpcServer server =
            binding
                .server(transport)
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .listen(
                    new CallListener() {
                      @Override
                      public void started(CallContext context) {
                        started.add(context.method());
                      }

                      @Override
                      public void ended(CallContext context, Result result) {
                        ended.add(new Ended(context.method(), result));
                      }
                    })
                .listen(
                    (context, result) -> {
                      throw new IllegalStateException("a broken listener changes nothing");
                    })
                .start();
        Client client = binding.client(transport, Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      assertEquals(5, client.call("suma", 2, 3));
      assertThrows(RpcFault.class, () -> client.call("resta", 2, 3));
    }
    assertEquals(List.of("suma", "resta"), started);
    assertEquals(2, ended.size());
    CallListener.Result ok = ended.get(0).result();
    assertTrue(ok.succeeded());
    assertEquals(0, ok.faultCode());
    assertTrue(ok.requestBytes() > 100, "request bytes " + ok.requestBytes());
    assertTrue(ok.responseBytes() > 100, "response bytes " + ok.responseBytes());
    assertFalse(ok.duration().isNegative());
    CallListener.Result fault = ended.get(1).result();
    assertFalse(fault.succeeded());
    assertEquals(FaultCodes.METHOD_NOT_FOUND, fault.faultCode());
    assertEquals("resta", ended.get(1).method());
  }

  @Test
  void theAccessLogWritesOneLinePerCallWhenEnabled() {
    Logger logger = Logger.getLogger(AccessLog.LOGGER_NAME);
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try (RpcServer quiet =
            TcpBinding.HTTP
                .server(transport)
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        RpcServer logged =
            TcpBinding.HTTP
                .server(transport)
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .accessLog(true)
                .start();
        Client toQuiet =
            TcpBinding.HTTP.client(transport, Endpoint.of("127.0.0.1", quiet.port()), WAIT);
        Client toLogged =
            TcpBinding.HTTP.client(transport, Endpoint.of("127.0.0.1", logged.port()), WAIT)) {
      assertEquals(5, toQuiet.call("suma", 2, 3));
      assertTrue(lines.isEmpty(), "off by default: " + lines);
      assertEquals(5, toLogged.call("suma", 2, 3));
      assertThrows(RpcFault.class, () -> toLogged.call("resta", 2, 3));
    } finally {
      logger.removeHandler(handler);
    }
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(
        lines.get(0).matches(".*127\\.0\\.0\\.1:\\d+ http suma ok \\d+\\.\\d{3} ms \\d+ \\d+"));
    assertTrue(lines.get(1).matches(".* http resta fault -32601 .*"), lines.get(1));
  }

  @Test
  void aMethodNameCannotForgeALogLine() {
    CallContext context =
        new CallContext(
            "evil\nFAKE ok", CallContext.Origin.of("http", null, null), Headers.empty());
    String line =
        AccessLog.line(context, new CallListener.Result(0, null, Duration.ofMillis(2), 10, 20));
    assertEquals("- http evil?FAKE ok ok 2.000 ms 10 20", line);
  }
}
