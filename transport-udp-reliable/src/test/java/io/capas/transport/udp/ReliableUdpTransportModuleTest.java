package io.capas.transport.udp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dagger.BindsInstance;
import dagger.Component;
import io.capas.transport.Endpoint;
import io.capas.transport.MessageTransport;
import io.capas.transport.RequestChannel;
import io.capas.transport.Server;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReliableUdpTransportModuleTest {

  @Component(modules = ReliableUdpTransportModule.class)
  interface Defaults {
    MessageTransport transport();
  }

  @Component(modules = ReliableUdpTransportModule.class)
  interface Configured {
    ReliableUdpTransport transport();

    @Component.Factory
    interface Factory {
      Configured create(@BindsInstance ReliableUdpConfig config);
    }
  }

  @Test
  void bindsTheReliableUdpTransportAsTheMessageTransport() throws Exception {
    MessageTransport transport = DaggerReliableUdpTransportModuleTest_Defaults.create().transport();
    ReliableUdpTransport udp = assertInstanceOf(ReliableUdpTransport.class, transport);
    assertEquals(ReliableUdpConfig.defaults(), udp.config());
    try (Server server = transport.serve(Endpoint.of("127.0.0.1", 0), new UppercaseService());
        RequestChannel channel =
            transport.open(Endpoint.of("127.0.0.1", server.address().getPort()))) {
      assertEquals(
          "UDP", new String(channel.call("udp".getBytes(UTF_8), Duration.ofSeconds(30)), UTF_8));
    }
  }

  @Test
  void componentMayBindItsOwnConfig() {
    ReliableUdpConfig config = ReliableUdpConfig.builder().maxMessageSize(1000).build();
    assertEquals(
        config,
        DaggerReliableUdpTransportModuleTest_Configured.factory()
            .create(config)
            .transport()
            .config());
  }
}
