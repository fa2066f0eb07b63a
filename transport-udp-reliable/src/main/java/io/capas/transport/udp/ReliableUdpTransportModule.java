package io.capas.transport.udp;

import dagger.Binds;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.capas.transport.HostResolver;
import io.capas.transport.MessageTransport;
import java.util.Optional;

/**
 * Binds {@link MessageTransport} to {@link ReliableUdpTransport} over real sockets. A component may
 * bind its own {@link ReliableUdpConfig} (e.g. with {@code @BindsInstance}) and {@link
 * HostResolver}; otherwise {@link ReliableUdpConfig#defaults()} and the system resolver are used.
 *
 * <pre>{@code
 * @Component(modules = {ReliableUdpTransportModule.class, XmlRpcMessageModule.class})
 * interface UdpServer {
 *   MessageTransport transport();
 *
 *   @Component.Factory
 *   interface Factory {
 *     UdpServer create(@BindsInstance ReliableUdpConfig config);
 *   }
 * }
 * }</pre>
 */
@Module
public interface ReliableUdpTransportModule {

  @Binds
  MessageTransport messageTransport(ReliableUdpTransport transport);

  @BindsOptionalOf
  ReliableUdpConfig optionalConfig();

  @BindsOptionalOf
  HostResolver optionalResolver();

  @Provides
  static ReliableUdpTransport reliableUdpTransport(
      Optional<ReliableUdpConfig> config, Optional<HostResolver> resolver) {
    return new ReliableUdpTransport(
        config.orElseGet(ReliableUdpConfig::defaults), resolver.orElseGet(HostResolver::system));
  }
}
