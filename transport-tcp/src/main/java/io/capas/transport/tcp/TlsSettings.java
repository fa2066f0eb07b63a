package io.capas.transport.tcp;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * TLS over a {@link TcpTransport}: the JSSE context whose keys and trust the connections use, and
 * how peers are checked. Immutable and thread-safe.
 *
 * <pre>{@code
 * TcpConfig server = TcpConfig.builder().tls(TlsSettings.of(serverContext)).build();
 * TcpConfig client = TcpConfig.builder().tls(TlsSettings.of(clientContext)).build();
 * }</pre>
 *
 * <p>The same settings serve both roles: a server presents the context's key, a client checks the
 * server against the context's trust. Every server model serves TLS: the blocking ones through an
 * {@code SSLSocket} per connection, {@link TcpConfig.Model#MULTIPLEX} through an {@code SSLEngine}
 * on its selector loops.
 *
 * @param context the JSSE context (its key managers for a server, trust managers for a client)
 * @param verifyHostname client: whether the server's certificate must name the host connected to
 *     (HTTPS endpoint identification); on by default
 * @param needClientAuth server: whether clients must present a certificate the context trusts; off
 *     by default
 * @param handshakeTimeout server: how long one accepted connection may take to finish its handshake
 *     before it is closed (a client bounds its handshake by its connect timeout)
 */
public record TlsSettings(
    SSLContext context, boolean verifyHostname, boolean needClientAuth, Duration handshakeTimeout) {

  /** The handshake timeout of {@link #of}. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  public TlsSettings {
    checkArgument(
        !handshakeTimeout.isNegative() && !handshakeTimeout.isZero(),
        "handshakeTimeout must be positive: %s",
        handshakeTimeout);
  }

  /** Hostname verification on, no client certificates, a 10 s server handshake timeout. */
  public static TlsSettings of(SSLContext context) {
    return new TlsSettings(context, true, false, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  public TlsSettings withVerifyHostname(boolean value) {
    return new TlsSettings(context, value, needClientAuth, handshakeTimeout);
  }

  public TlsSettings withNeedClientAuth(boolean value) {
    return new TlsSettings(context, verifyHostname, value, handshakeTimeout);
  }

  public TlsSettings withHandshakeTimeout(Duration value) {
    return new TlsSettings(context, verifyHostname, needClientAuth, value);
  }
}
