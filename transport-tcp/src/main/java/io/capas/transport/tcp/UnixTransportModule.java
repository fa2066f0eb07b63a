package io.capas.transport.tcp;

import dagger.Binds;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Transport;
import java.util.Optional;

/**
 * Binds {@link Transport} to {@link UnixTransport}. A component may bind its own {@link TcpConfig}
 * (the server model) and {@link UnixSocketOptions} (the socket file's mode, stale files); otherwise
 * {@link TcpConfig#defaults()} and {@link UnixSocketOptions#defaults()} are used.
 *
 * <pre>{@code
 * @Component(modules = UnixTransportModule.class)
 * interface Net {
 *   Transport transport();
 *
 *   @Component.Factory
 *   interface Factory {
 *     Net create(@BindsInstance UnixSocketOptions options);
 *   }
 * }
 * }</pre>
 */
@Module
public interface UnixTransportModule {

  @Binds
  Transport transport(UnixTransport transport);

  @BindsOptionalOf
  TcpConfig optionalConfig();

  @BindsOptionalOf
  UnixSocketOptions optionalOptions();

  @Provides
  static UnixTransport unixTransport(
      Optional<TcpConfig> config, Optional<UnixSocketOptions> options) {
    return new UnixTransport(
        config.orElseGet(TcpConfig::defaults), options.orElseGet(UnixSocketOptions::defaults));
  }
}
