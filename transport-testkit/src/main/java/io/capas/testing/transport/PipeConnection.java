package io.capas.testing.transport;

import com.google.common.base.Preconditions;
import io.capas.socket.StreamConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One end of an in-memory connection: reads from one {@link Pipe}, writes to the other. Closing it
 * ends the peer's stream and fails the peer's writes, as closing a socket does.
 */
final class PipeConnection extends StreamConnection {

  private final Pipe in;
  private final Pipe out;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PipeConnection(Pipe in, Pipe out, InetSocketAddress local, InetSocketAddress remote) {
    super(in.inputStream(), out.outputStream());
    this.in = in;
    this.out = out;
    this.local = local;
    this.remote = remote;
  }

  /** A connected pair: element 0 is the client's end, element 1 the server's. */
  static PipeConnection[] pair(
      InetSocketAddress client, InetSocketAddress server, int bufferBytes) {
    Pipe up = new Pipe(bufferBytes);
    Pipe down = new Pipe(bufferBytes);
    return new PipeConnection[] {
      new PipeConnection(down, up, client, server), new PipeConnection(up, down, server, client)
    };
  }

  @Override
  public void readTimeout(Duration timeout) {
    Preconditions.checkArgument(!timeout.isNegative(), "negative timeout: %s", timeout);
    in.readTimeout(timeout);
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public void shutdownOutput() {
    out.finishWriting();
  }

  @Override
  protected boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      // Reader first: whatever the peer answers to our end of stream must not reach a reader
      // that close() is waking.
      in.closeReader();
      out.finishWriting();
    }
  }

  @Override
  public String toString() {
    return "PipeConnection[" + local + " -> " + remote + (closed.get() ? ", closed]" : "]");
  }
}
