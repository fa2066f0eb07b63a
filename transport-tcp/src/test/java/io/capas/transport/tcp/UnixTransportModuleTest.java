package io.capas.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dagger.BindsInstance;
import dagger.Component;
import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Transport;
import org.junit.jupiter.api.Test;

class UnixTransportModuleTest {

  @Component(modules = UnixTransportModule.class)
  interface Defaults {
    Transport transport();
  }

  @Component(modules = UnixTransportModule.class)
  interface Configured {
    Transport transport();

    @Component.Factory
    interface Factory {
      Configured create(@BindsInstance UnixSocketOptions options, @BindsInstance TcpConfig config);
    }
  }

  @Test
  void bindsTheUnixTransportWithDefaults() {
    UnixTransport transport =
        assertInstanceOf(
            UnixTransport.class, DaggerUnixTransportModuleTest_Defaults.create().transport());
    assertEquals(TcpConfig.defaults(), transport.config());
    assertEquals(UnixSocketOptions.defaults(), transport.options());
  }

  @Test
  void aComponentMayBindItsOwnOptionsAndModel() {
    UnixSocketOptions options = UnixSocketOptions.defaults().withMode("rw-rw----");
    TcpConfig config = TcpConfig.builder().model(TcpConfig.Model.POOL).build();
    UnixTransport transport =
        assertInstanceOf(
            UnixTransport.class,
            DaggerUnixTransportModuleTest_Configured.factory().create(options, config).transport());
    assertEquals(options, transport.options());
    assertEquals(config, transport.config());
  }
}
