package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 7 (bounded queues): while the connection is backlogged (a client pipelining
 * requests without reading the answers) the HTTP session answers nothing more, keeps the rest of
 * the input, and goes on when the queue drains.
 */
class HttpSessionBacklogTest {
  /** Records writes; once {@link #backlogOnWrite} is set, every write leaves it backlogged. */
  private static final class RecordingContext implements SessionContext {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    int writes;
    boolean backlogOnWrite;
    boolean backlogged;
    boolean closed;

    @Override
    public void write(ByteBuffer data) {
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      written.write(copy, 0, copy.length);
      writes++;
      backlogged = backlogOnWrite;
    }

    @Override
    public boolean writeBacklogged() {
      return backlogged;
    }

    @Override
    public void readTimeout(Duration timeout) {}

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public InetSocketAddress localAddress() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 2);
    }
  }

  private static Session session(SessionContext context) throws IOException {
    SessionFactory[] captured = new SessionFactory[1];
    Transport transport =
        new Transport() {
          @Override
          public Connection connect(Endpoint remote, Duration connectTimeout) throws IOException {
            throw new IOException("serves only");
          }

          @Override
          public Server serve(Endpoint local, SessionFactory sessions) {
            captured[0] = sessions;
            return new Server() {
              @Override
              public InetSocketAddress address() {
                return new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
              }

              @Override
              public int activeConnections() {
                return 0;
              }

              @Override
              public void shutdown(Duration grace) {}

              @Override
              public void close() {}
            };
          }
        };
    RpcServer server =
        new RpcServer(
                new HttpServerBinding(transport, HttpServerSettings.defaults()),
                Endpoint.of("127.0.0.1", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
    server.close();
    @Nullable SessionFactory sessions = captured[0];
    assertTrue(sessions != null);
    return sessions.open(context);
  }

  private static int answers(RecordingContext context) {
    Matcher m = Pattern.compile("<int>(\\d+)</int>").matcher(context.written.toString(UTF_8));
    int n = 0;
    // Bounded by the text written.
    for (int expected = 0; m.find(); expected++) {
      assertEquals(String.valueOf(expected), m.group(1), "answers in request order");
      n++;
    }
    return n;
  }

  @Test
  void answersStopWhileBackloggedAndGoOnWhenWritable() throws IOException {
    RecordingContext context = new RecordingContext();
    Session session = session(context);
    StringBuilder pipelined = new StringBuilder();
    int requests = 20;
    for (int i = 0; i < requests; i++) {
      pipelined.append(RawHttp.post("/RPC2", RawHttp.call("suma", String.valueOf(i), "0")));
    }
    byte[] all = pipelined.toString().getBytes(UTF_8);
    // The last request is cut in two pushes: its start is held with the rest.
    ByteBuffer first = ByteBuffer.wrap(all, 0, all.length - 10);
    context.backlogOnWrite = true;
    session.onData(first);
    assertEquals(1, context.writes, "answers queued while backlogged");
    assertFalse(first.hasRemaining(), "the session keeps the rest itself");
    // Bounded: each drain lets one more answer out.
    for (int i = 0; i < requests && context.writes < requests - 1; i++) {
      int before = context.writes;
      context.backlogged = false;
      session.onWritable();
      assertEquals(before + 1, context.writes);
    }
    assertEquals(requests - 1, answers(context));
    context.backlogged = false;
    context.backlogOnWrite = false;
    session.onWritable();
    session.onData(ByteBuffer.wrap(all, all.length - 10, 10));
    assertEquals(requests, answers(context));
    assertFalse(context.closed);
  }
}
