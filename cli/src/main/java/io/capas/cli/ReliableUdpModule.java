package io.capas.cli;

import dagger.Module;
import dagger.Provides;
import io.capas.transport.HostResolver;
import io.capas.transport.MessageTransport;
import io.capas.transport.udp.ReliableUdpConfig;
import io.capas.transport.udp.ReliableUdpTransport;
import jakarta.inject.Singleton;

/** Binds {@link MessageTransport} to reliable UDP with its default constants. */
@Module
public interface ReliableUdpModule {
  @Provides
  @Singleton
  static MessageTransport messageTransport() {
    return new ReliableUdpTransport(ReliableUdpConfig.defaults(), HostResolver.system());
  }
}
