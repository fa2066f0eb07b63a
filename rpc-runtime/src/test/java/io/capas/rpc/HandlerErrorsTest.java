package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, item 1 (runtime part): a handler or codec throwing an {@link Error} (stack overflow,
 * out of memory) gets the caller a fault, never a dead connection or a silent one, and the same
 * connection goes on serving; an error outside any call is a 500 and a close.
 */
class HandlerErrorsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** An Error a JVM may throw that is neither an Exception nor a StackOverflowError. */
  static final class SimulatedVmError extends VirtualMachineError {
    private static final long serialVersionUID = 1L;

    SimulatedVmError() {
      super("simulated");
    }
  }

  static Stream<Arguments> transportsAndBindings() {
    Stream.Builder<Arguments> all = Stream.builder();
    for (String binding : List.of("http", "framed")) {
      all.add(Arguments.of("in-memory", binding));
      for (TcpConfig.Model model : TcpConfig.Model.values()) {
        all.add(Arguments.of(model.name(), binding));
      }
    }
    return all.build();
  }

  private static Transport transport(String name) {
    return name.equals("in-memory")
        ? InMemoryTransport.create()
        : new TcpTransport(
            TcpConfig.defaults().toBuilder().model(TcpConfig.Model.valueOf(name)).build(),
            HostResolver.system());
  }

  private static RpcServer server(Transport transport, String binding) {
    Endpoint local = Endpoint.of("127.0.0.1", 0);
    return binding.equals("http")
        ? RpcServer.http(transport, local)
        : RpcServer.framed(transport, local);
  }

  private static Client client(Transport transport, String binding, int port) {
    Endpoint remote = Endpoint.of("127.0.0.1", port);
    Invoker invoker =
        binding.equals("http")
            ? HttpClientSettings.builder()
                .endpoint("127.0.0.1", port)
                .dialer(transport)
                .timeout(WAIT)
                .build()
                .invoker()
            : FramedClientSettings.builder().endpoint(remote).dialer(transport).build().invoker();
    return new Client(invoker, WAIT);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transportsAndBindings")
  void handlerErrorsAreFaultsAndTheConnectionGoesOn(String transportName, String binding) {
    Transport transport = transport(transportName);
    try (RpcServer server =
            server(transport, binding)
                .addMethod(
                    "overflow",
                    params -> {
                      throw new StackOverflowError();
                    })
                .addMethod(
                    "oom",
                    params -> {
                      throw new OutOfMemoryError("Java heap space (simulated)");
                    })
                .addMethod(
                    "vm",
                    params -> {
                      throw new SimulatedVmError();
                    })
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client = client(transport, binding, server.port())) {
      for (int round = 0; round < 3; round++) {
        for (String method : List.of("overflow", "oom", "vm")) {
          RpcFault fault = assertThrows(RpcFault.class, () -> client.call(method));
          assertEquals(FaultCodes.APPLICATION_ERROR, fault.code(), method);
        }
        assertEquals(5, client.call("suma", 2, 3));
      }
      // Every call went over the one connection the client keeps.
      assertEquals(1, server.activeConnections());
    }
  }

  /** Fails reading every call, or writing every response, with {@code error}. */
  private static RpcCodec failing(boolean onRead, Function<String, Error> error) {
    RpcCodec real = XmlRpcCodec.defaults();
    return new RpcCodec() {
      @Override
      public MethodCall readCall(InputStream in) throws IOException {
        if (onRead) {
          throw error.apply("read");
        }
        return real.readCall(in);
      }

      @Override
      public void writeResponse(MethodResponse response, OutputStream out) throws IOException {
        if (!onRead) {
          throw error.apply("write");
        }
        real.writeResponse(response, out);
      }

      @Override
      public void writeCall(MethodCall call, OutputStream out) throws IOException {
        real.writeCall(call, out);
      }

      @Override
      public MethodResponse readResponse(InputStream in) throws IOException {
        return real.readResponse(in);
      }
    };
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transportsAndBindings")
  void codecErrorReadingACallIsAFault(String transportName, String binding) {
    Transport transport = transport(transportName);
    try (RpcServer server =
            server(transport, binding)
                .codec(failing(true, where -> new StackOverflowError(where)))
                .start();
        Client client = client(transport, binding, server.port())) {
      for (int round = 0; round < 3; round++) {
        RpcFault fault = assertThrows(RpcFault.class, () -> client.call("x"));
        assertEquals(FaultCodes.INTERNAL_ERROR, fault.code());
      }
    }
  }

  /** No response document can be written at all: HTTP answers 500 and closes, framed closes. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transportsAndBindings")
  void anErrorOutsideACallAnswers500AndCloses(String transportName, String binding)
      throws Exception {
    Transport transport = transport(transportName);
    try (RpcServer server =
            server(transport, binding)
                .codec(failing(false, where -> new OutOfMemoryError(where)))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Connection c = transport.connect(Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      c.readTimeout(WAIT);
      byte[] call = RawHttp.call("suma", "1", "2").getBytes(UTF_8);
      if (binding.equals("http")) {
        c.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "1", "2")).getBytes(UTF_8));
        RawHttp.Response response = RawHttp.read(c);
        assertEquals(500, response.status());
        assertEquals("close", response.header("Connection"));
      } else {
        byte[] frame = new byte[4 + call.length];
        ByteBuffer.wrap(frame).putInt(call.length).put(call);
        c.sendAll(frame);
      }
      assertEquals(-1, c.input().read(), "the server closes the connection");
      // The server goes on serving other connections.
      try (Connection again = transport.connect(Endpoint.of("127.0.0.1", server.port()), WAIT)) {
        assertTrue(again.remoteAddress().getPort() == server.port());
      }
    }
  }
}
