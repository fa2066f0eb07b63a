package io.capas.transport.udp;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import com.google.common.base.Ticker;
import io.capas.transport.Datagram;
import io.capas.transport.DatagramEndpoint;
import io.capas.transport.RequestChannel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Calls to one server over one datagram endpoint, many in flight at once. Each request gets a
 * 64-bit id (a random start, then counting up); replies are matched by id and by sender, and late
 * or duplicate ones are dropped. Only datagrams from the server's exact address count, so a server
 * bound to a wildcard address on a multi-homed host should be called at the address it answers
 * from. Safe for concurrent use; {@link #close()} fails the calls in flight and may be called
 * twice.
 */
public final class ReliableUdpChannel implements RequestChannel {
  private static final System.Logger LOGGER = System.getLogger(ReliableUdpChannel.class.getName());

  private final DatagramEndpoint endpoint;
  private final InetSocketAddress remote;
  private final ReliableUdpConfig config;
  private final Ticker ticker;
  private final ScheduledExecutorService scheduler;
  private final Random random;
  private final AtomicLong nextId;
  private final Map<Long, ClientCall> pending = new ConcurrentHashMap<>();
  private final Thread receiver;
  private final Semaphore receivePermit = new Semaphore(1);
  private final Object backgroundSignal = new Object();
  private boolean backgroundWanted; // guarded by backgroundSignal
  private final AtomicInteger receiveFailures = new AtomicInteger();

  /** The latest cookie the server sent; echoed in every datagram (0: none yet). */
  private volatile long cookie;

  private static final int MAX_RECEIVE_FAILURES = 100;

  /** How long one receive waits before the receiver checks whether it is still needed. */
  private static final Duration SLICE = Duration.ofMillis(50);

  private volatile boolean open = true;

  ReliableUdpChannel(
      DatagramEndpoint endpoint,
      InetSocketAddress remote,
      ReliableUdpConfig config,
      Ticker ticker,
      ScheduledExecutorService scheduler,
      Random random) {
    this.endpoint = endpoint;
    this.remote = remote;
    this.config = config;
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.random = random;
    // A random start makes a restarted client on the same port unlikely to meet its old ids in the
    // server's reply cache; 62 bits leave room to count up without wrapping.
    this.nextId = new AtomicLong(random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL);
    this.receiver =
        Thread.ofPlatform()
            .daemon()
            .name("capas-udp-client-" + endpoint.localAddress().getPort())
            .start(this::backgroundLoop);
  }

  /**
   * Sends {@code request} and waits for its reply.
   *
   * @param deadline the longest the caller waits; {@link Duration#ZERO}: only the retry schedule
   *     bounds the call
   * @throws ServerUnreachableException the server stayed silent through the retry schedule
   * @throws SocketTimeoutException the deadline passed first
   * @throws MessageTooLargeException the request is larger than the configured maximum
   */
  @Override
  public byte[] call(byte[] request, Duration deadline) throws IOException {
    if (!open) {
      throw new IllegalStateException("channel to " + remote + " is closed");
    }
    if (request.length > config.maxMessageSize()) {
      throw new MessageTooLargeException(request.length, config.maxMessageSize());
    }
    ClientCall call = new ClientCall(this, nextId.getAndIncrement(), request, deadline);
    pending.put(call.id(), call);
    try {
      call.start();
      awaitReply(call);
      if (!open) {
        call.fail(new IOException("channel to " + remote + " closed")); // if close() missed it
      }
      return call.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.fail(new InterruptedIOException("interrupted"));
      throw new InterruptedIOException("call to " + remote + " interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  /**
   * Sends {@code request} and returns at once: the channel's background receiver completes the
   * future (on its thread), the call's own timers resend and give up, as for {@link #call}. No
   * thread waits per call. Cancelling the future gives the call up (a late reply is dropped).
   */
  @Override
  // The whenComplete stage is a callback: its own future carries nothing.
  @SuppressWarnings("FutureReturnValueIgnored")
  public CompletableFuture<byte[]> callAsync(byte[] request, Duration deadline) {
    if (!open) {
      return CompletableFuture.failedFuture(new IOException("channel to " + remote + " is closed"));
    }
    if (request.length > config.maxMessageSize()) {
      return CompletableFuture.failedFuture(
          new MessageTooLargeException(request.length, config.maxMessageSize()));
    }
    ClientCall call = new ClientCall(this, nextId.getAndIncrement(), request, deadline);
    CompletableFuture<byte[]> reply =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            call.fail(new InterruptedIOException("call to " + remote + " cancelled"));
            return cancelled;
          }
        };
    call.result()
        .whenComplete(
            (value, failure) -> {
              if (failure != null) {
                reply.completeExceptionally(failure);
              } else {
                reply.complete(value);
              }
            });
    pending.put(call.id(), call);
    call.start();
    wakeBackground(); // the background receiver takes the replies of calls nobody waits for
    return reply;
  }

  /** The server this channel calls. */
  public InetSocketAddress remote() {
    return remote;
  }

  /** The local address of the channel's socket. */
  public InetSocketAddress localAddress() {
    return endpoint.localAddress();
  }

  /** Calls in flight right now. */
  public int inFlight() {
    return pending.size();
  }

  /**
   * Waits for the call's result, receiving on the socket itself when nobody else does (then the
   * reply wakes this thread directly, as in a plain ping-pong, instead of waking a receiver thread
   * that wakes this one). Whoever stops receiving while calls are still in flight hands over to the
   * background receiver, so a waiting caller is never left without a receiver.
   */
  private void awaitReply(ClientCall call) throws InterruptedException {
    CompletableFuture<byte[]> result = call.result();
    while (!result.isDone() && open) {
      if (receivePermit.tryAcquire()) {
        try {
          while (!result.isDone() && open) {
            receiveOne(SLICE);
          }
        } finally {
          receivePermit.release();
          if (!pending.isEmpty()) {
            wakeBackground();
          }
        }
      } else {
        for (int spin = 0; spin < config.replySpins() && !result.isDone(); spin++) {
          Thread.onSpinWait();
        }
        try {
          result.get();
        } catch (ExecutionException e) {
          return; // done; the caller unwraps it
        }
      }
    }
  }

  private void wakeBackground() {
    synchronized (backgroundSignal) {
      backgroundWanted = true;
      backgroundSignal.notifyAll();
    }
  }

  /** Receives while calls are in flight and no caller is receiving. */
  private void backgroundLoop() {
    while (open) {
      synchronized (backgroundSignal) {
        while (open && !backgroundWanted) {
          try {
            backgroundSignal.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        backgroundWanted = false;
      }
      if (!open || !receivePermit.tryAcquire()) {
        continue; // a caller is receiving; it wakes this thread again when it stops
      }
      try {
        while (open && !pending.isEmpty()) {
          receiveOne(SLICE);
        }
      } finally {
        receivePermit.release();
      }
      if (!pending.isEmpty()) {
        wakeBackground(); // a call came in while this thread was leaving
      }
    }
  }

  /** Receives and dispatches at most one datagram, waiting at most {@code slice}. */
  private void receiveOne(Duration slice) {
    Datagram datagram;
    try {
      datagram = endpoint.receive(slice);
      receiveFailures.set(0);
    } catch (SocketTimeoutException e) {
      return;
    } catch (IOException e) {
      if (open && receiveFailures.incrementAndGet() >= MAX_RECEIVE_FAILURES) {
        // A socket that fails every receive will not heal: stop rather than spin.
        LOGGER.log(
            WARNING,
            "closing channel to "
                + remote
                + " after "
                + receiveFailures.get()
                + " receive failures",
            e);
        close();
      } else if (open) {
        LOGGER.log(DEBUG, "receive failed on channel to " + remote, e);
      }
      return;
    }
    if (!datagram.sender().equals(remote)) {
      return; // only the server may answer
    }
    Optional<Wire.Packet> packet = Wire.decode(datagram.data(), config.maxMessageSize());
    if (packet.isPresent()) {
      long echo = packet.get().cookie();
      if (echo != 0 && echo != cookie) {
        cookie = echo;
      }
      ClientCall call = pending.get(packet.get().id());
      if (call != null) {
        call.onPacket(packet.get());
      }
    }
  }

  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    synchronized (timerLock) {
      if (wake != null) {
        wake.cancel(false);
      }
    }
    endpoint.close();
    wakeBackground();
    for (ClientCall call : pending.values()) {
      call.fail(new IOException("channel to " + remote + " closed"));
    }
    if (Thread.currentThread() != receiver) {
      try {
        receiver.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // --- one timer for all calls: armed for the earliest time any call wants, so that a busy
  // channel touches the scheduler about once per first wait rather than twice per call.

  private final Object timerLock = new Object();
  private long armedAt = Long.MAX_VALUE;
  private @Nullable ScheduledFuture<?> wake;

  /** Makes sure the timer fires no later than {@code dueNanos}. */
  void arm(long dueNanos) {
    synchronized (timerLock) {
      if (dueNanos >= armedAt || !open) {
        return;
      }
      armedAt = dueNanos;
      if (wake != null) {
        wake.cancel(false);
      }
      long delay = Math.max(0, dueNanos - ticker.read());
      wake = scheduler.schedule(this::onWake, delay, TimeUnit.NANOSECONDS);
    }
  }

  private void onWake() {
    synchronized (timerLock) {
      armedAt = Long.MAX_VALUE;
      wake = null;
    }
    long now = ticker.read();
    long next = Long.MAX_VALUE;
    for (ClientCall call : pending.values()) {
      call.onTick(now);
      next = Math.min(next, call.nextDue());
    }
    if (next != Long.MAX_VALUE) {
      arm(next);
    }
  }

  // --- for ClientCall

  ReliableUdpConfig config() {
    return config;
  }

  Ticker ticker() {
    return ticker;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** {@code waitNanos} stretched by a random factor in {@code [1, 1 + jitter)}. */
  long jittered(double waitNanos) {
    return (long) (waitNanos * (1 + config.jitter() * random.nextDouble()));
  }

  /** Sends to the server with the latest cookie stamped in, which validates this address. */
  void send(byte[] datagram) throws IOException {
    Wire.stamp(datagram, cookie);
    endpoint.send(datagram, remote);
  }

  void forget(ClientCall call) {
    pending.remove(call.id());
  }
}
