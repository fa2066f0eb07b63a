package io.capas.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dagger.BindsInstance;
import dagger.Component;
import io.capas.transport.Transport;
import org.junit.jupiter.api.Test;

class TcpTransportModuleTest {

  @Component(modules = TcpTransportModule.class)
  interface Defaults {
    Transport transport();
  }

  @Component(modules = TcpTransportModule.class)
  interface Configured {
    Transport transport();

    @Component.Factory
    interface Factory {
      Configured create(@BindsInstance TcpConfig config);
    }
  }

  @Test
  void bindsTheTcpTransportWithDefaults() {
    Transport transport = DaggerTcpTransportModuleTest_Defaults.create().transport();
    assertEquals(TcpConfig.defaults(), assertInstanceOf(TcpTransport.class, transport).config());
  }

  @Test
  void aComponentMayBindItsOwnConfig() {
    TcpConfig config = TcpConfig.builder().model(TcpConfig.Model.MULTIPLEX).build();
    Transport transport =
        DaggerTcpTransportModuleTest_Configured.factory().create(config).transport();
    assertEquals(config, assertInstanceOf(TcpTransport.class, transport).config());
  }
}
