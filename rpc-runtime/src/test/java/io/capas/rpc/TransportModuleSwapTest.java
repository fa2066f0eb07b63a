package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dagger.Component;
import dagger.Module;
import dagger.Provides;
import io.capas.rpc.inject.ClientFactory;
import io.capas.rpc.inject.RpcServerFactory;
import io.capas.rpc.inject.XmlRpcFramedModule;
import io.capas.rpc.inject.XmlRpcHttpModule;
import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * One Dagger module swaps the transport of both sides: a component's servers serve on it and its
 * clients dial through it, for each binding module. The transport here counts what goes through it
 * (and is in memory, so nothing could reach the server any other way).
 */
class TransportModuleSwapTest {
  /** Counts serve and connect calls, then delegates to an in-memory transport. */
  static final class CountingTransport implements Transport {
    final AtomicInteger serves = new AtomicInteger();
    final AtomicInteger connects = new AtomicInteger();
    private final InMemoryTransport delegate = InMemoryTransport.create();

    @Override
    public Server serve(Endpoint local, SessionFactory sessions) throws IOException {
      serves.incrementAndGet();
      return delegate.serve(local, sessions);
    }

    @Override
    public Connection connect(Endpoint remote, Duration connectTimeout) throws IOException {
      connects.incrementAndGet();
      return delegate.connect(remote, connectTimeout);
    }
  }

  /** The one module a user writes to swap the transport. */
  @Module
  static final class CountingTransportModule {
    private final CountingTransport transport;

    CountingTransportModule(CountingTransport transport) {
      this.transport = transport;
    }

    @Provides
    Transport transport() {
      return transport;
    }
  }

  interface Stack {
    RpcServerFactory servers();

    ClientFactory clients();
  }

  @Singleton
  @Component(modules = {XmlRpcHttpModule.class, CountingTransportModule.class})
  interface HttpStack extends Stack {}

  @Singleton
  @Component(modules = {XmlRpcFramedModule.class, CountingTransportModule.class})
  interface FramedStack extends Stack {}

  private static void callsGoThroughTheTransport(
      CountingTransport transport, Supplier<Stack> stack) {
    Stack built = stack.get();
    try (RpcServer server =
            built
                .servers()
                .create(Endpoint.of("localhost", 0))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client = built.clients().connect(Endpoint.of("localhost", server.port()))) {
      assertEquals(5, client.call("suma", 2, 3));
      assertEquals(7, client.call("suma", 3, 4));
    }
    assertEquals(1, transport.serves.get(), "the server serves on the module's transport");
    assertEquals(
        1, transport.connects.get(), "the client dials through it (and keeps its connection)");
  }

  @Test
  void httpComponentsServeAndDialThroughTheModulesTransport() {
    CountingTransport transport = new CountingTransport();
    callsGoThroughTheTransport(
        transport,
        () ->
            DaggerTransportModuleSwapTest_HttpStack.builder()
                .countingTransportModule(new CountingTransportModule(transport))
                .build());
  }

  @Test
  void framedComponentsServeAndDialThroughTheModulesTransport() {
    CountingTransport transport = new CountingTransport();
    callsGoThroughTheTransport(
        transport,
        () ->
            DaggerTransportModuleSwapTest_FramedStack.builder()
                .countingTransportModule(new CountingTransportModule(transport))
                .build());
  }
}
