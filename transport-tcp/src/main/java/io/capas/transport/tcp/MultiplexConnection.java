package io.capas.transport.tcp;

import static com.google.common.base.Preconditions.checkArgument;
import static java.lang.System.Logger.Level.DEBUG;

import com.google.common.annotations.VisibleForTesting;
import io.capas.socket.UnixClient;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import io.capas.transport.internal.ReadBuffers;
import io.capas.transport.internal.SessionFailures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a {@link MultiplexTcpServer}: its channel, read buffer, write queue, read
 * deadline and session. It lives on one {@link SelectorLoop} from registration to close.
 *
 * <p>Reads, flushes, deadline checks and session calls happen on its loop's thread only. {@link
 * #write}, {@link #writeBacklogged()}, {@link #close()} and {@link #drain()} may come from any
 * thread; the queue and the state are guarded by this object's lock.
 *
 * <p>Past {@link TcpConfig#writeQueueHighWatermark()} queued bytes the connection is backlogged: it
 * is not read, and {@link #writeBacklogged()} is true, until the queue drains to half the
 * watermark; then reading resumes and the session's {@link Session#onWritable()} is called.
 *
 * <p>A session call may {@linkplain #offload offload} a task (an RPC handler): the loop runs it
 * once the call has returned, on its own thread while the task is quick and on another one when it
 * is not ({@link SelectorLoop}); until the task returns the session gets no call: what arrives is
 * read into the buffer and kept (reading stops when it is full), an end of stream or a drained
 * backlog is noted, and the read deadline does not run. Once the task returns, the loop is asked to
 * offer what was kept. The task writes straight to the channel when nothing is queued, as a session
 * call on the loop does, so a request answered by an offloaded handler costs the loop no wake-up
 * unless the answer does not fit the socket's buffer or input arrived while it ran.
 *
 * <p>With {@link TcpConfig#tls()} the connection shakes hands before its session opens ({@link
 * MultiplexTls}): on its loop, step by step as the peer's bytes arrive, with the engine's delegated
 * tasks (the costly cryptography) on a virtual thread meanwhile, and closed if it has not finished
 * within {@link TlsSettings#handshakeTimeout()}. The session then reads and writes plaintext, as
 * without TLS; {@link #close()} sends close_notify after what is queued, and the peer's
 * close_notify is its end of stream. The queue and its watermark count ciphertext.
 */
final class MultiplexConnection implements SessionContext {

  private static final System.Logger LOGGER = System.getLogger(MultiplexConnection.class.getName());

  /** Where offloaded tasks run: a virtual thread each. */
  private static final ThreadFactory OFFLOADED = Thread.ofVirtual().name("capas-call").factory();

  /** Where a TLS handshake's delegated tasks run, off the loop: a virtual thread each. */
  private static final ThreadFactory HANDSHAKE_TASKS =
      Thread.ofVirtual().name("capas-tls-handshake").factory();

  /** The most bytes a session may leave unconsumed. */
  private static final int MAX_BUFFER = 16 * 1024 * 1024;

  private final MultiplexTcpServer server;
  private final SelectorLoop loop;
  private final SocketChannel channel;
  private final SelectionKey key;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final @Nullable UnixDomainSocketAddress socketFile;
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private @Nullable Session session;

  /** The TLS layer, with {@link TcpConfig#tls()}; {@code null} for plain TCP. */
  private final @Nullable MultiplexTls tls;

  /** When the TLS handshake must be done by, or be closed; 0 once done (or without TLS). */
  private volatile long handshakeDeadline;

  /**
   * The read buffer while it holds unconsumed bytes or is being read into; else {@code null}: a
   * connection borrows its loop's buffer for each read and keeps it only while a session leaves
   * bytes in it, so 10,000 idle connections hold no read buffers.
   */
  private @Nullable ByteBuffer in;

  /** Where the unconsumed bytes start in {@link #in}: they are {@code [start, position)}. */
  private int start;

  private long queued;
  private volatile long timeoutNanos;
  private volatile long deadline;

  /** When the peer must next take some queued bytes, or be closed; 0 while nothing is queued. */
  private volatile long writeDeadline;

  private boolean readPaused;

  /** A task offloaded by a session call is running: the session gets no call until it returns. */
  private volatile boolean offloaded;

  /** The task offloaded by the session call in progress: it starts once the call has returned. */
  private @Nullable Runnable pendingTask;

  /** The thread running this connection's offloaded task, while one runs. */
  private volatile @Nullable Thread taskThread;

  /** What came while {@link #offloaded}: bytes, the end of the stream, a drained backlog. */
  private boolean heldData;

  private boolean heldEnd;
  private boolean heldWritable;

  /** The end-of-stream call offloaded a task: the connection closes once it returns. */
  private boolean closeAfterTask;

  /** Reading stopped while {@link #offloaded} because the buffer is full. */
  private boolean readHeld;

  private boolean inputEnded;
  private boolean busy;
  private boolean draining;
  private boolean closeWhenFlushed;
  private boolean closed;
  private boolean finished;

  MultiplexConnection(
      MultiplexTcpServer server, SelectorLoop loop, SocketChannel channel, SelectionKey key)
      throws IOException {
    this.server = server;
    this.loop = loop;
    this.channel = channel;
    this.key = key;
    SocketAddress bound = channel.getLocalAddress();
    this.local = UnixClient.inetView(bound); // loopback:0 for AF_UNIX
    this.remote = UnixClient.inetView(channel.getRemoteAddress());
    // AF_UNIX: the server's end is the socket file, the client's end has no name; both report the
    // file, as UnixClient does on the dialing side.
    this.socketFile = bound instanceof UnixDomainSocketAddress file ? file : null;
    TlsSettings settings = server.config.tls();
    this.tls = settings == null ? null : new MultiplexTls(settings, remote);
    readTimeout(server.config.idleTimeout());
  }

  /** Opens the session, once the TLS handshake is done when there is one (loop thread). */
  void open(SessionFactory sessions) {
    TlsSettings settings = server.config.tls();
    if (tls != null && settings != null && !tls.handshaken()) {
      handshakeDeadline = (System.nanoTime() + settings.handshakeTimeout().toNanos()) | 1;
      handshake();
      return;
    }
    if (!enter()) {
      return;
    }
    try {
      session = sessions.open(this);
    } catch (Throwable e) {
      failed(e);
    } finally {
      leave();
    }
  }

  /**
   * Takes the TLS handshake a step further (loop thread): waits for the peer's next bytes, hands
   * the engine's tasks to a virtual thread (not reading meanwhile), or opens the session once done.
   */
  private void handshake() {
    MultiplexTls t = tls;
    if (t == null) {
      return;
    }
    MultiplexTls.Step step;
    try {
      synchronized (this) {
        if (closed) {
          return;
        }
        step = t.handshake(channel, this::send);
      }
    } catch (IOException | RuntimeException e) {
      LOGGER.log(DEBUG, () -> "TLS handshake with " + remote + " failed: " + e);
      closeNow();
      return;
    }
    switch (step) {
      case READ -> {
        // The channel's next bytes call read(), which comes back here.
      }
      case TASKS -> {
        synchronized (this) {
          if (key.isValid()) {
            key.interestOpsAnd(~SelectionKey.OP_READ);
          }
        }
        Runnable tasks = t.delegatedTasks();
        try {
          HANDSHAKE_TASKS
              .newThread(
                  () -> {
                    try {
                      tasks.run();
                    } catch (Throwable e) {
                      loop.execute(() -> failed(e));
                      return;
                    }
                    loop.execute(this::afterHandshakeTasks);
                  })
              .start();
        } catch (Throwable e) {
          failed(e);
        }
      }
      case DONE -> {
        handshakeDeadline = 0;
        long timeout = timeoutNanos;
        deadline = timeout == 0 ? 0 : System.nanoTime() + timeout; // the idle time starts now
        open(server.sessions);
        readAgainIfPending(); // the peer's first request may have come with its last handshake
        // bytes
      }
    }
  }

  /** The engine's tasks are done: reads again and goes on with the handshake (loop thread). */
  private void afterHandshakeTasks() {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (key.isValid()) {
        key.interestOpsOr(SelectionKey.OP_READ);
      }
    }
    handshake();
  }

  /**
   * Reads again soon when the TLS layer holds input the channel will not signal (plaintext the
   * buffer could not take, whole records not unwrapped) and reading is on (loop thread).
   */
  private void readAgainIfPending() {
    MultiplexTls t = tls;
    if (t == null || session == null || !t.hasPendingInput()) {
      return;
    }
    synchronized (this) {
      if (closed || readPaused || readHeld || inputEnded) {
        return;
      }
    }
    loop.execute(this::read);
  }

  /** The channel is readable (loop thread). */
  void read() {
    MultiplexTls t = tls;
    if (t != null && !t.handshaken()) {
      handshake();
      return;
    }
    Session s = session;
    if (s == null) {
      return;
    }
    if (t != null) {
      synchronized (this) {
        if (closed || inputEnded) {
          return; // a read scheduled by readAgainIfPending, overtaken
        }
      }
    }
    ByteBuffer buffer = in;
    if (buffer == null) {
      buffer = loop.borrowReadBuffer();
      in = buffer;
    }
    int n;
    try {
      n = t == null ? channel.read(buffer) : readTls(t, buffer);
    } catch (IOException e) {
      failed(e);
      return;
    }
    if (n <= 0) {
      releaseIfEmpty();
    }
    if (n < 0) {
      synchronized (this) {
        inputEnded = true;
        if (key.isValid()) {
          key.interestOpsAnd(~SelectionKey.OP_READ);
        }
      }
      endOfStream();
      return;
    }
    if (n == 0) {
      return;
    }
    long timeout = timeoutNanos;
    deadline = timeout == 0 ? 0 : System.nanoTime() + timeout;
    offerBuffered();
    readAgainIfPending();
  }

  /** Reads plaintext through the TLS layer, and answers what it asks to (loop thread). */
  private int readTls(MultiplexTls t, ByteBuffer buffer) throws IOException {
    int n = t.read(channel, buffer);
    if (t.wantsWrap()) {
      synchronized (this) {
        if (!closed) {
          t.wrap(ByteBuffer.allocate(0), this::send);
        }
      }
    }
    return n;
  }

  /**
   * Offers the unconsumed bytes to the session and readies the buffer for more; while a task is
   * offloaded keeps them for later instead, and stops reading once the buffer is full (loop
   * thread).
   */
  private void offerBuffered() {
    Session s = session;
    ByteBuffer buffer = in;
    if (s == null || buffer == null) {
      return;
    }
    synchronized (this) {
      if (offloaded) {
        heldData = true;
        if (!buffer.hasRemaining() && !readHeld && key.isValid()) {
          readHeld = true;
          key.interestOpsAnd(~SelectionKey.OP_READ);
        }
        return;
      }
    }
    if (!enter()) {
      return;
    }
    int end = buffer.position();
    try {
      buffer.limit(end).position(start);
      s.onData(buffer);
      start = buffer.position();
      buffer.limit(buffer.capacity()).position(end);
      if (start < end) {
        synchronized (this) {
          if (offloaded) {
            heldData = true; // offered again once the task returns: the peer may send no more
          }
        }
      }
    } catch (Throwable e) {
      failed(e);
      return;
    } finally {
      leave();
    }
    // The unconsumed bytes move only when the buffer is full (ReadBuffers), so a request that
    // trickles in is not copied again on every read.
    if (start == end) {
      releaseIfEmpty();
    } else if (!buffer.hasRemaining()) {
      if (ReadBuffers.slides(buffer, start, MAX_BUFFER)) {
        ReadBuffers.slide(buffer, start);
      } else if (buffer.capacity() >= MAX_BUFFER) {
        failed(new IOException("session left " + buffer.capacity() + " bytes unconsumed"));
        return;
      } else {
        in = ReadBuffers.grow(buffer, start, Math.min(MAX_BUFFER, buffer.capacity() * 2));
      }
      start = 0;
    }
  }

  /**
   * Gives the read buffer back to the loop when it holds nothing unconsumed, so that an idle
   * connection holds no buffer (loop thread).
   */
  private void releaseIfEmpty() {
    ByteBuffer buffer = in;
    if (buffer != null && buffer.position() == start) {
      in = null;
      start = 0;
      loop.returnReadBuffer(buffer);
    }
  }

  /** Whether this connection holds a read buffer now (loop thread; tests look from outside). */
  @VisibleForTesting
  boolean holdsReadBuffer() {
    return in != null;
  }

  /** The peer ended its stream: tells the session, then closes, or notes it while offloaded. */
  private void endOfStream() {
    Session s = session;
    synchronized (this) {
      if (offloaded) {
        heldEnd = true;
        return;
      }
    }
    if (s != null && enter()) {
      try {
        s.onEndOfStream();
      } catch (Throwable e) {
        failed(e);
      } finally {
        leave();
      }
    }
    synchronized (this) {
      if (offloaded) {
        closeAfterTask = true;
        return;
      }
    }
    close();
  }

  @Override
  public void offload(Runnable task) {
    if (!loop.onLoopThread() || Thread.currentThread() == taskThread) {
      task.run(); // already the task (on the loop or off it): an offloaded task offloading again
      return;
    }
    synchronized (this) {
      if (offloaded) {
        throw new IllegalStateException("offloaded twice in one session call on " + this);
      }
      offloaded = true;
      pendingTask = task; // handed to the loop by leave(), once the session call has returned
    }
  }

  /** Starts an offloaded task on a virtual thread of its own (loop thread). */
  void startVirtual(Runnable task) {
    try {
      OFFLOADED
          .newThread(
              () -> {
                runTask(task);
                taskDone();
              })
          .start();
    } catch (Throwable e) {
      synchronized (this) {
        offloaded = false;
      }
      failed(e);
    }
  }

  /** Runs an offloaded task; what it throws closes the connection (any thread). */
  void runTask(Runnable task) {
    taskThread = Thread.currentThread();
    try {
      task.run();
    } catch (Throwable e) {
      failed(e);
    } finally {
      taskThread = null;
    }
  }

  /** An offloaded task returned: the loop is asked to offer what came meanwhile (any thread). */
  void taskDone() {
    boolean resume;
    synchronized (this) {
      offloaded = false;
      resume = !closed && (heldData || heldEnd || heldWritable || readHeld);
      if ((draining || closeAfterTask) && !closed) {
        close(); // shutdown waited for this task: nothing more is served
        resume = false;
      }
    }
    if (resume) {
      loop.execute(this::resume);
    } else if (!loop.onLoopThread()) {
      long due = deadline;
      if (due != 0) {
        loop.wakeupBy(due);
      }
    }
  }

  /** Offers what came while a task was offloaded, and reads again (loop thread). */
  private void resume() {
    boolean data;
    boolean end;
    boolean writable;
    synchronized (this) {
      if (closed || offloaded) {
        return; // closed, or offloaded again meanwhile: that task's end resumes
      }
      data = heldData;
      end = heldEnd;
      writable = heldWritable;
      heldData = false;
      heldEnd = false;
      heldWritable = false;
      if (readHeld) {
        readHeld = false;
        if (!readPaused && !inputEnded && key.isValid()) {
          key.interestOpsOr(SelectionKey.OP_READ);
        }
      }
    }
    // Time spent waiting for the task is not the client's: the read deadline starts again.
    long timeout = timeoutNanos;
    deadline = timeout == 0 ? 0 : System.nanoTime() + timeout;
    if (data) {
      offerBuffered();
    }
    if (writable) {
      notifyWritable();
    }
    if (end) {
      endOfStream();
    } else {
      readAgainIfPending();
    }
  }

  /**
   * Closes the connection when the peer has taken none of the queued bytes for the write timeout;
   * else calls the session's timeout handler when the read deadline passed (loop thread).
   */
  void checkDeadline(long now) {
    long handshakeDue = handshakeDeadline;
    if (handshakeDue != 0 && now - handshakeDue >= 0) {
      LOGGER.log(DEBUG, () -> remote + " did not finish its TLS handshake in time: closed");
      closeNow();
      return;
    }
    long stall = writeDeadline;
    if (stall != 0 && now - stall >= 0) {
      LOGGER.log(
          DEBUG,
          () ->
              remote
                  + " took none of "
                  + queued
                  + " queued bytes in "
                  + server.config.writeTimeout());
      closeNow();
      return;
    }
    long due = deadline;
    Session s = session;
    if (due == 0 || s == null || now - due < 0) {
      return;
    }
    synchronized (this) {
      if (readPaused || inputEnded || offloaded) {
        return;
      }
    }
    long timeout = timeoutNanos;
    deadline = timeout == 0 ? 0 : now + timeout;
    if (!enter()) {
      return;
    }
    try {
      s.onReadTimeout(this);
    } catch (Throwable e) {
      failed(e);
    } finally {
      leave();
    }
  }

  /** The nearest of the read and write deadlines, or 0 for none. */
  long deadline() {
    // No session yet (a TLS handshake): no read deadline, which only a session is told of.
    long read = offloaded || session == null ? 0 : deadline;
    return nearest(nearest(read, writeDeadline), handshakeDeadline);
  }

  /** The earlier of two deadlines, 0 being none. */
  private static long nearest(long a, long b) {
    if (a == 0 || (b != 0 && b - a < 0)) {
      return b;
    }
    return a;
  }

  private long writeDeadlineFrom(long now) {
    long timeout = server.config.writeTimeout().toNanos();
    return timeout == 0 ? 0 : (now + timeout) | 1; // never 0, which means "none"
  }

  @Override
  public void write(ByteBuffer data) throws IOException {
    boolean queuedSome;
    synchronized (this) {
      if (closed || closeWhenFlushed) {
        throw new SocketException("connection to " + remote + " is closed");
      }
      long before = queued;
      if (tls == null) {
        send(data);
      } else {
        tls.wrap(data, this::send);
      }
      queuedSome = queued != before || !queue.isEmpty();
    }
    if (queuedSome && !loop.onLoopThread()) {
      loop.wakeup();
    }
  }

  /**
   * Writes the remaining bytes of {@code data} to the channel while nothing is queued, and queues a
   * copy of what it does not take (under this object's lock): the plaintext of a connection without
   * TLS, or the records of one with it.
   */
  private void send(ByteBuffer data) throws IOException {
    if (closed) {
      throw new SocketException("connection to " + remote + " is closed");
    }
    if (queue.isEmpty()) {
      try {
        channel.write(data);
      } catch (IOException e) {
        closeNow();
        throw e;
      }
    }
    if (!data.hasRemaining()) {
      return;
    }
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data).flip();
    if (queue.isEmpty()) {
      writeDeadline = writeDeadlineFrom(System.nanoTime());
    }
    queue.add(copy);
    queued += copy.remaining();
    server.queued(queued);
    key.interestOpsOr(SelectionKey.OP_WRITE);
    if (queued > server.config.writeQueueHighWatermark() && !readPaused) {
      readPaused = true;
      key.interestOpsAnd(~SelectionKey.OP_READ);
    }
  }

  @Override
  public synchronized boolean writeBacklogged() {
    return queued > server.config.writeQueueHighWatermark();
  }

  /**
   * The channel is writable: sends what is queued and, when a backlog has just drained below half
   * the watermark, tells the session, outside this object's lock (loop thread).
   */
  void flush() {
    if (sendQueued()) {
      notifyWritable();
      readAgainIfPending();
    }
  }

  /** Tells the session its backlog drained, or notes it while offloaded (loop thread). */
  private void notifyWritable() {
    Session s = session;
    synchronized (this) {
      if (offloaded) {
        heldWritable = true;
        return;
      }
    }
    if (s == null || !enter()) {
      return;
    }
    try {
      s.onWritable();
    } catch (Throwable e) {
      failed(e);
    } finally {
      leave();
    }
  }

  /**
   * Sends what the channel takes; true when the queue was past the watermark and is now below half
   * of it, on a connection still open for writes.
   */
  private synchronized boolean sendQueued() {
    while (!queue.isEmpty()) {
      ByteBuffer head = queue.peek();
      int before = head.remaining();
      try {
        channel.write(head);
      } catch (IOException e) {
        LOGGER.log(DEBUG, () -> "write to " + remote + " failed: " + e);
        closeNow();
        return false;
      }
      int sent = before - head.remaining();
      queued -= sent;
      if (sent > 0) {
        writeDeadline = writeDeadlineFrom(System.nanoTime());
      }
      if (head.hasRemaining()) {
        break;
      }
      queue.poll();
    }
    if (queue.isEmpty()) {
      writeDeadline = 0;
    }
    if (!key.isValid()) {
      return false;
    }
    if (queue.isEmpty()) {
      key.interestOpsAnd(~SelectionKey.OP_WRITE);
      if (closeWhenFlushed) {
        closeNow();
        return false;
      }
    }
    if (readPaused && queued <= server.config.writeQueueHighWatermark() / 2) {
      readPaused = false;
      if (!inputEnded) {
        key.interestOpsOr(SelectionKey.OP_READ);
      }
      // Not read while paused is not idle: the read deadline starts again now (else a client
      // slowly reading a long response would time out the moment reading resumes).
      long timeout = timeoutNanos;
      deadline = timeout == 0 ? 0 : System.nanoTime() + timeout;
      return !closeWhenFlushed;
    }
    return false;
  }

  @Override
  public void readTimeout(Duration timeout) {
    checkArgument(!timeout.isNegative(), "negative timeout: %s", timeout);
    long nanos = timeout.toNanos();
    timeoutNanos = nanos;
    long due = nanos == 0 ? 0 : System.nanoTime() + nanos;
    deadline = due;
    // An offloaded task's deadline is looked at when the task ends (taskDone).
    if (due != 0 && !offloaded && !loop.onLoopThread()) {
      loop.wakeupBy(due);
    }
  }

  /** Closes once everything queued is sent, after close_notify with TLS. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (tls != null && tls.handshaken() && !closeWhenFlushed) {
        try {
          tls.closeOutbound(this::send);
        } catch (IOException | RuntimeException e) {
          LOGGER.log(DEBUG, () -> "close_notify to " + remote + " failed: " + e);
          closeNow();
          return;
        }
      }
      if (queue.isEmpty()) {
        closeNow();
      } else {
        closeWhenFlushed = true;
      }
    }
  }

  /**
   * Graceful shutdown: closes now if between session calls (after a flush), else after the call.
   */
  void drain() {
    synchronized (this) {
      draining = true;
      if (!busy && !offloaded) {
        close();
      }
    }
  }

  private synchronized boolean enter() {
    if (closed || draining) {
      return false;
    }
    busy = true;
    return true;
  }

  /** Ends a session call: starts what it offloaded, or closes if shutdown waits for it. */
  private void leave() {
    Runnable task;
    synchronized (this) {
      busy = false;
      task = pendingTask;
      pendingTask = null;
      if (task != null && closed) {
        offloaded = false; // the call failed or closed: its task has nothing left to answer
        task = null;
      }
      if (draining && !closed && !offloaded) {
        close();
      }
    }
    if (task != null) {
      loop.offloaded(this, task);
    }
  }

  /** Whatever a session call threw, even an {@link Error}, closes this connection only. */
  private void failed(Throwable e) {
    SessionFailures.report(LOGGER, this, e);
    closeNow();
  }

  /** Closes the channel now, from any thread; idempotent. */
  void closeNow() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      queued = 0;
    }
    key.cancel();
    try {
      // The peer sees end of stream at once, even while the channel's deregistration (and so
      // its real close) waits for the loop's thread.
      channel.shutdownOutput();
    } catch (IOException e) {
      // Already reset by the peer: closing is all that is left.
    }
    MultiplexTcpServer.closeQuietly(channel);
    loop.closed(this);
  }

  /** Tells the session, once, that the connection is closed (loop thread). */
  void finish() {
    Session s = session;
    if (finished || s == null) {
      return;
    }
    finished = true;
    try {
      s.onClose();
    } catch (Throwable e) {
      SessionFailures.report(LOGGER, this, e);
    }
  }

  @Override
  public Optional<SSLSession> tlsSession() {
    return tls == null ? Optional.empty() : tls.session();
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
  public SocketAddress localSocketAddress() {
    return socketFile != null ? socketFile : local;
  }

  @Override
  public SocketAddress remoteSocketAddress() {
    return socketFile != null ? socketFile : remote;
  }

  @Override
  public String toString() {
    return "MultiplexConnection[" + local + " <- " + remote + "]";
  }
}
