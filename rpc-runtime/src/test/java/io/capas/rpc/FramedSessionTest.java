package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.framing.FrameDecoder;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The framed server session driven by hand: several request frames in one push. */
class FramedSessionTest {
  private static final int MAX_FRAME = 1 << 20;

  /** Records each write as one byte array. */
  private static final class RecordingContext implements SessionContext {
    final List<byte[]> writes = new ArrayList<>();
    boolean closed;

    /** When set, every write leaves the connection backlogged (a client that does not read). */
    boolean backlogOnWrite;

    boolean backlogged;

    @Override
    public void write(ByteBuffer data) {
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      writes.add(copy);
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

  /** Keeps the session factory the binding hands over; connects nowhere. */
  private static final class CapturingTransport implements Transport {
    @Nullable SessionFactory sessions;

    @Override
    public Connection connect(Endpoint remote, Duration connectTimeout) throws IOException {
      throw new IOException("this transport only serves");
    }

    @Override
    public Server serve(Endpoint local, SessionFactory factory) {
      this.sessions = factory;
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
  }

  private final CapturingTransport transport = new CapturingTransport();
  private final RecordingContext context = new RecordingContext();

  private Session session() throws IOException {
    RpcServer server =
        new RpcServer(new FramedServerBinding(transport, MAX_FRAME), Endpoint.of("127.0.0.1", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod("echo", Object.class, x -> x)
            .start();
    server.close();
    SessionFactory sessions = transport.sessions;
    assertTrue(sessions != null);
    return sessions.open(context);
  }

  private static byte[] frame(String xml) {
    byte[] body = xml.getBytes(UTF_8);
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  private static byte[] call(String method, String... intParams) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>");
    xml.append(method).append("</methodName><params>");
    for (String p : intParams) {
      xml.append("<param><value>").append(p).append("</value></param>");
    }
    return frame(xml.append("</params></methodCall>").toString());
  }

  private static ByteBuffer concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.write(p, 0, p.length);
    }
    return ByteBuffer.wrap(all.toByteArray());
  }

  private static List<MethodResponse> responses(byte[] wire) throws IOException {
    FrameDecoder decoder = new FrameDecoder(MAX_FRAME);
    ByteBuffer in = ByteBuffer.wrap(wire);
    List<MethodResponse> out = new ArrayList<>();
    for (Optional<byte[]> f = decoder.decode(in); f.isPresent(); f = decoder.decode(in)) {
      out.add(XmlRpcCodec.defaults().readResponse(new ByteArrayInputStream(f.get())));
    }
    assertFalse(in.hasRemaining(), "bytes after the last whole frame");
    return out;
  }

  private static Object value(MethodResponse r) {
    return ((MethodResponse.Success) r).value();
  }

  @Test
  void answersEveryFrameOfOnePushInOneWriteInOrder() throws IOException {
    Session session = session();
    ByteBuffer pushed =
        concat(
            call("suma", "<int>1</int>", "<int>2</int>"),
            call("nope"),
            call("suma", "<int>30</int>", "<int>4</int>"));
    // A partial fourth frame stays in the buffer for the next push.
    byte[] fourth = call("suma", "<int>5</int>", "<int>6</int>");
    // pushed comes from concat(), which wraps a whole fresh array: offset 0, all of it.
    @SuppressWarnings("ByteBufferBackingArray")
    ByteBuffer withPartial = concat(pushed.array(), Arrays.copyOf(fourth, 10));
    session.onData(withPartial);
    assertEquals(1, context.writes.size());
    List<MethodResponse> answers = responses(context.writes.get(0));
    assertEquals(3, answers.size());
    assertEquals(3, value(answers.get(0)));
    assertEquals(FaultCodes.METHOD_NOT_FOUND, ((Fault) answers.get(1)).code());
    assertEquals(34, value(answers.get(2)));
    assertEquals(
        withPartial.limit(), withPartial.position(), "the partial frame's bytes were taken");

    session.onData(ByteBuffer.wrap(fourth, 10, fourth.length - 10));
    assertEquals(2, context.writes.size());
    assertEquals(
        List.of(11), responses(context.writes.get(1)).stream().map(r -> value(r)).toList());
    assertFalse(context.closed);
  }

  @Test
  void largeBatchesAreWrittenInBoundedPiecesInOrder() throws IOException {
    Session session = session();
    String big = "x".repeat(100 * 1024);
    byte[][] frames = new byte[8][];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = call("echo", "<string>" + i + big + "</string>");
    }
    session.onData(concat(frames));
    assertTrue(context.writes.size() > 1, "one write of " + context.writes.size());
    List<Object> all = new ArrayList<>();
    for (byte[] write : context.writes) {
      assertTrue(write.length < 2 * FramedServerBinding.FLUSH_BYTES, "write of " + write.length);
      responses(write).forEach(r -> all.add(value(r)));
    }
    assertEquals(8, all.size());
    for (int i = 0; i < 8; i++) {
      assertEquals(i + big, all.get(i));
    }
  }

  @Test
  void framesBeforeAnOversizedOneAreAnsweredThenTheConnectionCloses() throws IOException {
    Session session = session();
    byte[] tooLarge = ByteBuffer.allocate(4).putInt(MAX_FRAME + 1).array();
    session.onData(
        concat(
            call("suma", "<int>1</int>", "<int>1</int>"),
            call("suma", "<int>2</int>", "<int>2</int>"),
            tooLarge));
    assertEquals(1, context.writes.size());
    assertEquals(
        List.of(2, 4), responses(context.writes.get(0)).stream().map(r -> value(r)).toList());
    assertTrue(context.closed);
  }

  /** Issue 12, item 7: zero-length frames are answered a few times, then the connection closes. */
  @Test
  void zeroLengthFramesCloseTheConnectionAfterAFewAnswers() throws IOException {
    Session session = session();
    session.onData(ByteBuffer.allocate(4 * 100_000));
    int max = FramedServerSettings.defaults().maxConsecutiveErrors();
    List<MethodResponse> answers = new ArrayList<>();
    for (byte[] write : context.writes) {
      answers.addAll(responses(write));
    }
    assertEquals(max, answers.size());
    assertTrue(context.closed);
  }

  /**
   * Issue 12, item 7: while the connection is backlogged (its client does not read) the session
   * queues no more answers; it keeps the rest of the input and goes on when the queue drains.
   */
  @Test
  void answersStopWhileBackloggedAndGoOnWhenWritable() throws IOException {
    Session session = session();
    String big = "x".repeat(100 * 1024);
    byte[][] frames = new byte[12][];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = call("echo", "<string>" + i + big + "</string>");
    }
    context.backlogOnWrite = true;
    ByteBuffer pushed = concat(frames);
    session.onData(pushed);
    assertEquals(1, context.writes.size(), "answers queued while backlogged");
    assertFalse(pushed.hasRemaining(), "the session keeps the rest itself");
    List<Object> all = new ArrayList<>();
    responses(context.writes.get(0)).forEach(r -> all.add(value(r)));
    // Bounded: each drain lets exactly one more write (at least one answer) through.
    for (int i = 0; i < frames.length && all.size() < frames.length; i++) {
      int before = context.writes.size();
      context.backlogged = false;
      session.onWritable();
      assertEquals(before + 1, context.writes.size());
      responses(context.writes.get(before)).forEach(r -> all.add(value(r)));
    }
    assertEquals(frames.length, all.size());
    for (int i = 0; i < frames.length; i++) {
      assertEquals(i + big, all.get(i));
    }
    assertFalse(context.closed);
  }
}
