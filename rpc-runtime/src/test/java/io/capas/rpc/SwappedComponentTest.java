package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dagger.Binds;
import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import io.capas.rpc.inject.ClientFactory;
import io.capas.rpc.inject.RpcServerFactory;
import io.capas.rpc.inject.XmlRpcHttpModule;
import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Endpoint;
import io.capas.transport.Transport;
import jakarta.inject.Singleton;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How users swap the codec and the transport in their tests: a component that takes the runtime's
 * HTTP binding module unchanged and binds a recording codec and the in-memory transport.
 */
class SwappedComponentTest {
  @Module
  interface InMemoryModule {
    @Binds
    Transport transport(InMemoryTransport transport);
  }

  @Singleton
  @Component(modules = {XmlRpcHttpModule.class, InMemoryModule.class})
  interface TestComponent {
    RpcServerFactory servers();

    ClientFactory clients();

    @Component.Factory
    interface Factory {
      TestComponent create(
          @BindsInstance InMemoryTransport transport, @BindsInstance RpcCodec codec);
    }
  }

  @Test
  void runsTheRuntimeOverASwappedCodecAndTransport() {
    RecordingCodec codec = new RecordingCodec();
    TestComponent component =
        DaggerSwappedComponentTest_TestComponent.factory()
            .create(InMemoryTransport.create(), codec);
    try (RpcServer server =
            component
                .servers()
                .create(Endpoint.of("localhost", 0))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client = component.clients().connect(Endpoint.of("localhost", server.port()))) {
      assertEquals(5, client.call("suma", 2, 3));
    }
    assertEquals(
        List.of(
            "client wrote suma[2, 3]",
            "server read suma[2, 3]",
            "server wrote Success[value=5]",
            "client read Success[value=5]"),
        codec.events);
  }
}
