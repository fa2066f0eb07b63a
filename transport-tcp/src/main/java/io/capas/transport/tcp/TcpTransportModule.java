package io.capas.transport.tcp;

import dagger.Binds;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import java.util.Optional;

/**
 * Binds {@link Transport} to {@link TcpTransport}. A component may bind its own {@link TcpConfig}
 * (e.g. with {@code @BindsInstance}) and {@link HostResolver}; otherwise {@link
 * TcpConfig#defaults()} and the system resolver are used.
 *
 * <pre>{@code
 * @Component(modules = TcpTransportModule.class)
 * interface Net {
 *   Transport transport();
 *
 *   @Component.Factory
 *   interface Factory {
 *     Net create(@BindsInstance TcpConfig config);
 *   }
 * }
 * }</pre>
 */
@Module
public interface TcpTransportModule {

  @Binds
  Transport transport(TcpTransport transport);

  @BindsOptionalOf
  TcpConfig optionalConfig();

  @BindsOptionalOf
  HostResolver optionalResolver();

  @Provides
  static TcpTransport tcpTransport(Optional<TcpConfig> config, Optional<HostResolver> resolver) {
    return new TcpTransport(
        config.orElseGet(TcpConfig::defaults), resolver.orElseGet(HostResolver::system));
  }
}
