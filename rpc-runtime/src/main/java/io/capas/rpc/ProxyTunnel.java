package io.capas.rpc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.socket.TcpClient;
import io.capas.transport.Connection;
import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Dials an HTTPS origin through an HTTP proxy: a TCP connection to the proxy, {@code CONNECT
 * host:port} (RFC 9110 §9.3.6) with {@code Proxy-Authorization} when configured, and, once the
 * proxy answers 2xx, TLS to the origin over the tunnel with SNI and host name verification for the
 * origin's name (never the proxy's). All of it within the connect timeout.
 *
 * <p>A proxy that answers anything but 2xx fails the dial with a {@link ProtocolException} naming
 * the proxy and its status: {@code 407} says that the proxy wants (other) credentials. Immutable
 * and thread-safe.
 */
final class ProxyTunnel implements Dialer {
  /** The longest proxy response head read. */
  private static final int MAX_HEAD_BYTES = 16 * 1024;

  private final HttpProxy proxy;
  private final SSLContext tls;
  private final HostResolver resolver;

  ProxyTunnel(HttpProxy proxy, SSLContext tls, HostResolver resolver) {
    this.proxy = proxy;
    this.tls = tls;
    this.resolver = resolver;
  }

  @Override
  public Connection connect(Endpoint origin, Duration connectTimeout) throws IOException {
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    Socket socket = connectToProxy(deadline);
    try {
      socket.setSoTimeout(millisLeft(deadline));
      OutputStream out = socket.getOutputStream();
      StringBuilder request =
          new StringBuilder()
              .append("CONNECT ")
              .append(origin)
              .append(" HTTP/1.1\r\nHost: ")
              .append(origin)
              .append("\r\n");
      if (!proxy.authorization().isEmpty()) {
        request.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
      }
      request.append("\r\n");
      out.write(request.toString().getBytes(ISO_8859_1));
      out.flush();
      int status = readStatus(socket.getInputStream(), origin);
      if (status / 100 != 2) {
        throw refused(status, origin);
      }
      socket.setSoTimeout(millisLeft(deadline));
      SSLSocket ssl =
          (SSLSocket)
              tls.getSocketFactory().createSocket(socket, origin.host(), origin.port(), true);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(parameters);
      ssl.startHandshake();
      ssl.setSoTimeout(0);
      return TcpClient.wrap(ssl, () -> Optional.of(ssl.getSession()));
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private Socket connectToProxy(long deadline) throws IOException {
    List<InetAddress> addresses = resolver.resolve(proxy.endpoint().host());
    IOException last = null;
    for (InetAddress address : addresses) {
      Socket socket = new Socket();
      try {
        socket.connect(
            new InetSocketAddress(address, proxy.endpoint().port()), millisLeft(deadline));
        socket.setTcpNoDelay(true);
        return socket;
      } catch (IOException e) {
        socket.close();
        last = e;
      }
    }
    ConnectException failed =
        new ConnectException(
            "proxy "
                + proxy
                + ": "
                + (last == null ? "no address" : String.valueOf(last.getMessage())));
    if (last != null) {
      failed.initCause(last);
    }
    throw failed;
  }

  /** The status of the proxy's answer; reads its head (a 2xx to CONNECT has no body). */
  private int readStatus(InputStream in, Endpoint origin) throws IOException {
    String statusLine = line(in, MAX_HEAD_BYTES);
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new ProtocolException(
          "proxy " + proxy + " answered CONNECT " + origin + " with " + printable(statusLine));
    }
    String code = statusLine.substring(9, 12);
    if (!code.chars().allMatch(Character::isDigit)) {
      throw new ProtocolException("proxy " + proxy + " sent status " + printable(statusLine));
    }
    int budget = MAX_HEAD_BYTES - statusLine.length();
    // Bounded: each line costs the budget at least its line end.
    while (true) {
      String header = line(in, budget);
      budget -= header.length() + 2;
      if (header.isEmpty()) {
        return Integer.parseInt(code);
      }
    }
  }

  private ProtocolException refused(int status, Endpoint origin) {
    String why =
        status == 407
            ? (proxy.authorization().isEmpty()
                ? "requires authentication (407 Proxy Authentication Required)"
                : "refused the credentials (407 Proxy Authentication Required)")
            : status == 401 && !proxy.authorization().isEmpty()
                // tinyproxy 1.11 answers wrong credentials with 401 where RFC 9110 says 407.
                ? "refused the credentials (401 Unauthorized)"
                : "refused CONNECT " + origin + " with status " + status;
    return new ProtocolException("proxy " + proxy + " " + why);
  }

  /** One line without its CRLF, read byte by byte: nothing past the head is consumed. */
  private static String line(InputStream in, int budget) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int i = 0; ; i++) {
      if (i >= budget) {
        throw new ProtocolException("proxy response head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the proxy closed the connection inside its answer to CONNECT");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, US_ASCII);
      }
      line.write(b);
    }
  }

  private static int millisLeft(long deadline) throws SocketTimeoutException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("connect timeout passed");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
  }

  private static String printable(String text) {
    String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
