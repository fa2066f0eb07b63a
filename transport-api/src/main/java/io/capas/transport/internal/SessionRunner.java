package io.capas.transport.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Throwables;
import io.capas.transport.Connection;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * Drives one push {@link Session} over a blocking {@link Connection}: a reading thread reads into a
 * buffer and offers it to the session, which writes straight to the connection. The blocking server
 * models of every transport (sequential, thread per connection, pool, in-memory) share it.
 *
 * <p>The session's calls ({@link SessionFactory#open}, {@link Session#onData}, {@link
 * Session#onEndOfStream}, {@link Session#onReadTimeout}, {@link Session#onClose}) run on the
 * <em>work</em> executor given at construction, one at a time: the reading thread hands each call
 * over and waits for it to return before it reads again, so calls for one session never overlap and
 * come in order. With a direct executor ({@code Runnable::run}, the default) they run on the
 * reading thread itself. A server that reads on a virtual thread per connection and gives a small
 * pool of platform threads as the work executor thus spends no platform thread on a connection
 * waiting for its next request: the pool serves requests, not connections. A call the executor
 * refuses (it was shut down) ends the session; {@code onClose} then runs on the reading thread.
 *
 * <p>Handing a call over costs two thread switches (and a virtual thread's wake-up by the JDK's
 * poller); a connection that sends request after request would pay them on every one. So with a
 * {@linkplain Work#linger() linger}, the thread that served an {@code onData} reads the same
 * connection for up to that long itself, and serves what arrives, for as long as no other work
 * waits for the executor ({@link Work#othersWaiting()}); only when nothing arrives in time does the
 * connection go back to its reading thread. A busy connection is thus served like on a thread of
 * its own, and an idle one holds an executor thread for at most the linger.
 *
 * <p>Whatever a call throws, even an {@link Error} such as a {@link StackOverflowError}, ends only
 * this session: the connection is closed and the failure reported through {@link SessionFailures}
 * (one line; the stack trace at DEBUG). Nothing escapes {@link #run()}.
 *
 * <p>The read timeout starts at the idle timeout and may be changed by the session; when it passes
 * the session's {@link Session#onReadTimeout} runs. After {@link Session#onEndOfStream} returns the
 * connection is closed (every write has been sent by then). The read buffer grows, doubling, while
 * the session leaves it full, up to {@link #MAX_BUFFER}; past that the connection is closed. It
 * starts at 2 KiB and grows towards the configured read size while reads fill it, so idle
 * connections stay small.
 *
 * <p>{@link #run()} is called once, on the reading thread. {@link #drain()} and {@link #close()}
 * may be called from any thread: {@code drain} closes the connection now if the session is between
 * calls, else when its current call returns (graceful shutdown); {@code close} closes at once.
 */
public final class SessionRunner implements Runnable {

  /** The most bytes a session may leave unconsumed. */
  public static final int MAX_BUFFER = 16 * 1024 * 1024;

  /** The read buffer a session starts with. */
  static final int INITIAL_BUFFER = 2048;

  private static final System.Logger LOGGER = System.getLogger(SessionRunner.class.getName());

  private final Connection connection;
  private final SessionFactory sessions;
  private final Work work;
  private final Handoff handoff = new Handoff();
  private final int readBufferSize;

  /**
   * The bytes read and not consumed yet, ready for writing more: touched by the thread that holds
   * the connection (the reading thread, or the executor's thread during a call).
   */
  private ByteBuffer buffer;

  /**
   * Where the unconsumed bytes start in {@link #buffer}: they are {@code [start, position)}. They
   * move to the front only when the buffer is full (see {@link #offer}), so a request trickling in
   * is not copied again on every read.
   */
  private int start;

  /** Whether the last read filled {@link #buffer} (it then grows towards the read size). */
  private boolean filled;

  /** Set by a lingering read that saw the end of the stream, for the reading thread. */
  private boolean endSeen;

  /** Set when a lingering read changed the connection's read timeout. */
  private boolean lingered;

  private final Consumer<SessionRunner> onFinished;
  private final Context context = new Context();
  private volatile Duration readTimeout;

  /** When the write in progress started its current slice ({@link System#nanoTime}), or 0. */
  private volatile long writeSince;

  /** The thread that runs {@link #run()}, reading the connection. */
  private @Nullable Thread reader;

  /**
   * A task {@linkplain SessionContext#offload offloaded} by the session call in progress on the
   * work executor, for the reading thread to run once that call has returned.
   */
  private @Nullable Runnable offloaded;

  /** The session offloaded a task during the call in progress (whether it ran yet or not). */
  private boolean offloadedInCall;

  /** The bytes the session has consumed so far. */
  private long consumed;

  private boolean busy;
  private boolean draining;
  private boolean closed;

  /**
   * A runner whose session is called on the reading thread.
   *
   * @param idleTimeout the initial read timeout ({@link Duration#ZERO}: none)
   * @param onFinished told once when {@link #run()} ends, after the session's {@code onClose}
   */
  public SessionRunner(
      Connection connection,
      SessionFactory sessions,
      Duration idleTimeout,
      int readBufferSize,
      Consumer<SessionRunner> onFinished) {
    this(connection, sessions, Work.INLINE, idleTimeout, readBufferSize, onFinished);
  }

  /**
   * A runner whose session is called on {@code work}, one call at a time, while the reading thread
   * waits (see the class comment).
   *
   * @param work where the session's calls run ({@link Work#INLINE}: on the reading thread)
   * @param idleTimeout the initial read timeout ({@link Duration#ZERO}: none)
   * @param onFinished told once when {@link #run()} ends, after the session's {@code onClose}
   */
  public SessionRunner(
      Connection connection,
      SessionFactory sessions,
      Work work,
      Duration idleTimeout,
      int readBufferSize,
      Consumer<SessionRunner> onFinished) {
    checkArgument(!idleTimeout.isNegative(), "negative idle timeout: %s", idleTimeout);
    checkArgument(
        readBufferSize > 0 && readBufferSize <= MAX_BUFFER, "bad buffer size: %s", readBufferSize);
    this.connection = connection;
    this.sessions = sessions;
    this.work = work;
    this.buffer = ByteBuffer.allocate(Math.min(readBufferSize, INITIAL_BUFFER));
    this.readTimeout = idleTimeout;
    this.readBufferSize = readBufferSize;
    this.onFinished = onFinished;
  }

  @Override
  public void run() {
    if (isClosed()) {
      // Closed while queued (a pool's backlog during shutdown): no session to open.
      onFinished.accept(this);
      return;
    }
    reader = Thread.currentThread();
    try {
      serve(Call.OPEN);
      loop();
    } catch (Throwable e) {
      if (!(isClosed() && e instanceof IOException)) {
        SessionFailures.report(LOGGER, connection, e);
      }
    } finally {
      close();
      try {
        if (handoff.session != null) {
          handoff.closeSession();
        }
      } finally {
        onFinished.accept(this);
      }
    }
  }

  private void loop() throws IOException {
    InputStream in = connection.input();
    Duration applied = null;
    while (true) {
      Duration wanted = readTimeout;
      if (lingered || !wanted.equals(applied)) {
        connection.readTimeout(wanted);
        applied = wanted;
        lingered = false;
      }
      int n;
      try {
        n = readOnce(in);
      } catch (SocketTimeoutException e) {
        if (!enter()) {
          return;
        }
        try {
          serve(Call.READ_TIMEOUT);
        } finally {
          leave();
        }
        continue;
      }
      if (n >= 0) {
        if (!enter()) {
          return;
        }
        try {
          serve(Call.DATA);
          // What the session left behind an offloaded task is offered again now: no more bytes
          // may come (the peer waits for answers), so waiting for them would stall it.
          while (offloadedInCall && unconsumed() > 0 && !isClosed()) {
            offloadedInCall = false;
            long before = consumed;
            serve(Call.DATA);
            if (consumed == before) {
              break; // no progress: wait for more bytes after all
            }
          }
          offloadedInCall = false;
        } finally {
          leave();
        }
      }
      if (n < 0 || endSeen) {
        if (enter()) {
          try {
            serve(Call.END_OF_STREAM);
          } finally {
            leave();
          }
        }
        return;
      }
    }
  }

  /**
   * Makes {@code what} on the work executor, then runs here, on the reading thread, what it
   * offloaded (see {@link Work#offloadToReader()}).
   */
  private void serve(Call what) throws IOException {
    handoff.call(what);
    Runnable task = offloaded;
    if (task != null) {
      offloaded = null;
      task.run();
    }
  }

  /** The bytes read and not consumed by the session yet. */
  private int unconsumed() {
    return buffer.position() - start;
  }

  /** Reads once into {@link #buffer}: the bytes read, or -1 at the end of the stream. */
  private int readOnce(InputStream in) throws IOException {
    int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
    if (n > 0) {
      filled = n == buffer.remaining();
      buffer.position(buffer.position() + n);
    }
    return n;
  }

  /**
   * Offers {@link #buffer} to the session, then, with a linger, reads and offers what arrives in
   * time on this (the executor's) thread while no other work waits (see the class comment).
   */
  private void serveData(Session session) throws IOException {
    offer(session);
    long linger = work.linger().toNanos();
    if (linger == 0 || offloaded != null) {
      return;
    }
    InputStream in = connection.input();
    while (offloaded == null && !work.othersWaiting().getAsBoolean() && !isDraining()) {
      if (!lingered) {
        connection.readTimeout(work.linger());
        lingered = true;
      }
      int n;
      try {
        n = readOnce(in);
      } catch (SocketTimeoutException e) {
        return; // idle: back to the reading thread, which waits without holding this one
      }
      if (n < 0) {
        endSeen = true;
        return;
      }
      offer(session);
    }
  }

  /**
   * Offers the bytes read to the session and readies the buffer for more: the unconsumed bytes
   * first, growing towards the read size while reads fill it and doubling while the session leaves
   * it full.
   */
  private void offer(Session session) throws IOException {
    int end = buffer.position();
    buffer.limit(end).position(start);
    session.onData(buffer);
    consumed += buffer.position() - start;
    start = buffer.position();
    buffer.limit(buffer.capacity()).position(end);
    if (start == end) {
      buffer.clear();
      start = 0;
    }
    if (filled && buffer.capacity() < readBufferSize) {
      buffer = ReadBuffers.grow(buffer, start, Math.min(readBufferSize, buffer.capacity() * 4));
      start = 0;
    } else if (!buffer.hasRemaining()) {
      if (ReadBuffers.slides(buffer, start, MAX_BUFFER)) {
        ReadBuffers.slide(buffer, start);
      } else if (buffer.capacity() >= MAX_BUFFER) {
        throw new IOException(
            "session left " + buffer.capacity() + " bytes unconsumed on " + connection);
      } else {
        buffer = ReadBuffers.grow(buffer, start, Math.min(MAX_BUFFER, buffer.capacity() * 2));
      }
      start = 0;
    }
    filled = false;
  }

  /** Marks the session busy; false when the connection is closing instead. */
  private synchronized boolean enter() {
    if (closed || draining) {
      return false;
    }
    busy = true;
    return true;
  }

  private void leave() {
    boolean closeNow;
    synchronized (this) {
      busy = false;
      closeNow = draining;
    }
    if (closeNow) {
      close();
    }
  }

  /** Graceful: closes now if the session is between calls, else once its current call returns. */
  public void drain() {
    boolean closeNow;
    synchronized (this) {
      draining = true;
      closeNow = !busy;
    }
    if (closeNow) {
      close();
    }
  }

  /** Closes the connection now; idempotent; wakes the reader. */
  public void close() {
    synchronized (this) {
      closed = true;
    }
    connection.close();
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  private synchronized boolean isDraining() {
    return draining || closed;
  }

  @Override
  public String toString() {
    return "SessionRunner[" + connection + "]";
  }

  /**
   * Whether a write has been waiting for the peer to take {@link #WRITE_SLICE} bytes for longer
   * than {@code timeoutNanos} at {@code now}: the peer has stopped reading.
   */
  public boolean writeStalled(long now, long timeoutNanos) {
    long since = writeSince;
    return since != 0 && now - since > timeoutNanos;
  }

  /** Writes go out in slices of this size, each restarting the stall clock. */
  static final int WRITE_SLICE = 64 * 1024;

  /** The session calls a {@link Handoff} makes. */
  private enum Call {
    OPEN,
    DATA,
    END_OF_STREAM,
    READ_TIMEOUT,
    CLOSE
  }

  /**
   * Makes the session's calls on the work executor while the reading thread waits: one instance per
   * runner, reused for every call since calls never overlap. The fields written before {@code
   * execute} are seen by the executing thread (the executor's hand-over orders them), and the ones
   * it writes before setting {@code done} (the session, the buffer) are seen by the reading thread
   * once it reads {@code done}.
   */
  private final class Handoff implements Runnable {
    private @Nullable Session session;
    private Call call = Call.OPEN;
    private @Nullable Thread waiter;
    private @Nullable Throwable failure;
    private volatile boolean done;

    /** Makes {@code what} on the work executor and waits for it; rethrows what it threw. */
    void call(Call what) throws IOException {
      call = what;
      failure = null;
      waiter = Thread.currentThread();
      done = false;
      try {
        work.executor().execute(this);
      } catch (RejectedExecutionException e) {
        if (what != Call.CLOSE) {
          throw new IOException("the server stopped before a session call on " + connection, e);
        }
        run(); // onClose must run, once: here, since the executor is gone
      }
      boolean interrupted = false;
      while (!done) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Throwable thrown = failure;
      failure = null;
      if (thrown != null) {
        Throwables.throwIfInstanceOf(thrown, IOException.class);
        Throwables.throwIfUnchecked(thrown);
        throw new IOException("session call failed on " + connection, thrown);
      }
    }

    /** Tells the session its connection closed; reports what {@code onClose} throws. */
    void closeSession() {
      try {
        call(Call.CLOSE);
      } catch (Throwable e) {
        SessionFailures.report(LOGGER, connection, e);
      }
    }

    @Override
    public void run() {
      try {
        switch (call) {
          case OPEN -> session = sessions.open(context);
          case DATA -> serveData(requireNonNull(session));
          case END_OF_STREAM -> requireNonNull(session).onEndOfStream();
          case READ_TIMEOUT -> requireNonNull(session).onReadTimeout(context);
          case CLOSE -> requireNonNull(session).onClose();
        }
      } catch (Throwable e) {
        failure = e;
      } finally {
        Thread reader = waiter;
        done = true;
        if (reader != Thread.currentThread()) {
          LockSupport.unpark(reader);
        }
      }
    }
  }

  /**
   * Where a runner's session calls run: an executor, and how long the executor's thread that served
   * an {@code onData} goes on reading the same connection itself while {@code othersWaiting} says
   * no other work waits for the executor ({@link Duration#ZERO}: not at all). See the class
   * comment.
   *
   * @param executor runs the calls; {@code Runnable::run} runs them on the reading thread
   * @param linger at most how long to wait for the next bytes on the executor's thread
   * @param othersWaiting true when other work is queued for the executor
   * @param offloadToReader whether a task a session {@linkplain SessionContext#offload offloads}
   *     from the executor's thread runs on the connection's reading thread once the call has
   *     returned (a pool model: the pool's threads decode, handlers run on the connection's own
   *     virtual thread), rather than at once on the executor's thread (a sequential model, whose
   *     one thread runs everything)
   */
  public record Work(
      Executor executor, Duration linger, BooleanSupplier othersWaiting, boolean offloadToReader) {

    /** Every call on the reading thread itself. */
    public static final Work INLINE = new Work(Runnable::run, Duration.ZERO, () -> true, false);

    public Work {
      checkArgument(!linger.isNegative(), "negative linger: %s", linger);
    }
  }

  private final class Context implements SessionContext {
    @Override
    public void write(ByteBuffer data) throws IOException {
      byte[] bytes;
      int offset;
      int length = data.remaining();
      if (data.hasArray()) {
        bytes = data.array();
        offset = data.arrayOffset() + data.position();
      } else {
        bytes = new byte[length];
        data.duplicate().get(bytes);
        offset = 0;
      }
      try {
        for (int done = 0; done < length; ) {
          int n = Math.min(WRITE_SLICE, length - done);
          writeSince = System.nanoTime() | 1; // never 0, which means "not writing"
          connection.output().write(bytes, offset + done, n);
          done += n;
        }
      } finally {
        writeSince = 0;
      }
      data.position(data.limit());
    }

    @Override
    public void readTimeout(Duration timeout) {
      checkArgument(!timeout.isNegative(), "negative timeout: %s", timeout);
      readTimeout = timeout;
    }

    @Override
    public void offload(Runnable task) {
      offloadedInCall = true;
      if (!work.offloadToReader() || Thread.currentThread() == reader) {
        task.run();
        return;
      }
      if (offloaded != null) {
        throw new IllegalStateException("offloaded twice in one session call on " + connection);
      }
      offloaded = task;
    }

    @Override
    public void close() {
      SessionRunner.this.close();
    }

    @Override
    public InetSocketAddress localAddress() {
      return connection.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return connection.remoteAddress();
    }

    @Override
    public SocketAddress localSocketAddress() {
      return connection.localSocketAddress();
    }

    @Override
    public SocketAddress remoteSocketAddress() {
      return connection.remoteSocketAddress();
    }

    @Override
    public Optional<SSLSession> tlsSession() {
      return connection.tlsSession();
    }
  }
}
