package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The uppercase service over TCP, as a push {@link Session} on any {@link Transport}: every line
 * that arrives goes back in upper case. The same session runs under each TCP server model.
 */
public final class UppercaseServer {

  /** The longest line; a longer one closes the connection. */
  public static final int MAX_LINE = 64 * 1024;

  private UppercaseServer() {}

  /** Sessions that answer each line in upper case. */
  public static SessionFactory sessions() {
    return LineSession::new;
  }

  /** Serves the uppercase service on {@code local} over {@code transport}. */
  public static Server serve(Transport transport, Endpoint local) throws IOException {
    return transport.serve(local, sessions());
  }

  /** Not thread-safe; one instance per connection, driven by the transport. */
  private static final class LineSession implements Session {
    private final SessionContext context;

    LineSession(SessionContext context) {
      this.context = context;
    }

    @Override
    public void onData(ByteBuffer data) throws IOException {
      while (true) {
        int end = -1;
        for (int i = data.position(); i < data.limit(); i++) {
          if (data.get(i) == '\n') {
            end = i;
            break;
          }
        }
        if (end < 0) {
          if (data.remaining() > MAX_LINE) {
            throw new ProtocolException("line longer than " + MAX_LINE + " bytes");
          }
          return; // keep the partial line; the transport offers it again with more bytes
        }
        byte[] line = new byte[end - data.position()];
        data.get(line);
        data.get(); // the LF
        String upper = new String(line, UTF_8).toUpperCase(Locale.ROOT);
        context.write(ByteBuffer.wrap((upper + "\n").getBytes(UTF_8)));
      }
    }
  }

  /** {@code UppercaseServer [port] [model]} (defaults 7778, THREAD_PER_CONNECTION). */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 7778;
    TcpConfig.Model model =
        args.length > 1 ? TcpConfig.Model.valueOf(args[1]) : TcpConfig.Model.THREAD_PER_CONNECTION;
    Transport tcp =
        new TcpTransport(TcpConfig.builder().model(model).build(), HostResolver.system());
    Server server = serve(tcp, Endpoint.of("*", port));
    System.out.println("uppercase server listening on " + server.address() + " (" + model + ")");
    new CountDownLatch(1).await();
  }
}
