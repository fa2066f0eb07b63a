package io.capas.testing.transport;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.capas.transport.Datagram;
import io.capas.transport.DatagramEndpoint;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory datagram network that misbehaves on purpose, from a seed: it drops, duplicates, and
 * delays datagrams (a delayed datagram overtakes nothing but is overtaken, so delays reorder).
 * Delays run on a scheduler, normally a {@link FakeScheduler}, so they pass only when the test
 * moves time. Nothing leaves the process. Safe for concurrent use.
 *
 * <pre>{@code
 * FakeScheduler scheduler = new FakeScheduler(new FakeClock());
 * LossyNetwork network =
 *     new LossyNetwork(42, scheduler).dropRate(0.3).delay(0.2, Duration.ofMillis(30));
 * DatagramEndpoint a = network.bind(new InetSocketAddress("127.0.0.1", 0));
 * DatagramEndpoint b = network.bind(new InetSocketAddress("127.0.0.1", 0));
 * a.send(bytes, b.localAddress()); // arrives, or not, as the seed decides
 * }</pre>
 */
public final class LossyNetwork {
  /** One datagram handed to the network, as the sender sent it. */
  public record Sent(
      long nanos,
      InetSocketAddress from,
      InetSocketAddress to,
      // The log holds the bytes as sent, and tests read them through this public accessor.
      @SuppressWarnings("ArrayRecordComponent") byte[] data) {}

  private static final Object CLOSED = new Object();

  private final Random random;
  private final @Nullable ScheduledExecutorService scheduler;
  private final Map<InetSocketAddress, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final List<Sent> log = new ArrayList<>();
  private volatile double dropRate;
  private volatile double duplicateRate;
  private volatile double delayRate;
  private volatile Duration maxDelay = Duration.ZERO;
  private volatile Predicate<Sent> rule = sent -> false;
  private int nextPort = 40_000;
  private long dropped;
  private long delivered;

  /** A network without delays. */
  public LossyNetwork(long seed) {
    this.random = new Random(seed);
    this.scheduler = null;
  }

  /** A network whose delays run on {@code scheduler}. */
  public LossyNetwork(long seed, ScheduledExecutorService scheduler) {
    this.random = new Random(seed);
    this.scheduler = scheduler;
  }

  /** The share of datagrams lost, from 0 to 1. */
  public LossyNetwork dropRate(double rate) {
    checkArgument(rate >= 0 && rate <= 1, "rate out of [0, 1]: %s", rate);
    dropRate = rate;
    return this;
  }

  /** The share of delivered datagrams delivered twice. */
  public LossyNetwork duplicateRate(double rate) {
    checkArgument(rate >= 0 && rate <= 1, "rate out of [0, 1]: %s", rate);
    duplicateRate = rate;
    return this;
  }

  /** The share of deliveries held back by a random time up to {@code max}. */
  public LossyNetwork delay(double rate, Duration max) {
    checkArgument(rate >= 0 && rate <= 1, "rate out of [0, 1]: %s", rate);
    checkState(scheduler != null || rate == 0, "delays need a scheduler");
    delayRate = rate;
    maxDelay = max;
    return this;
  }

  /**
   * Also drops every datagram {@code rule} picks (after the seeded decisions, which it does not
   * change): for exact scenarios such as "the first reply is lost".
   */
  public LossyNetwork dropWhen(Predicate<Sent> rule) {
    this.rule = rule;
    return this;
  }

  /** Binds an endpoint; port 0 picks a free one. */
  public synchronized DatagramEndpoint bind(InetSocketAddress local) throws SocketException {
    InetSocketAddress address = local;
    if (local.getPort() == 0) {
      InetAddress host =
          local.getAddress().isAnyLocalAddress()
              ? InetAddress.getLoopbackAddress()
              : local.getAddress();
      do {
        address = new InetSocketAddress(host, nextPort++);
      } while (endpoints.containsKey(address));
    } else if (local.getAddress().isAnyLocalAddress()) {
      address = new InetSocketAddress(InetAddress.getLoopbackAddress(), local.getPort());
    }
    if (endpoints.containsKey(address)) {
      throw new BindException("address in use: " + address);
    }
    Endpoint endpoint = new Endpoint(address);
    endpoints.put(address, endpoint);
    return endpoint;
  }

  /** Every datagram sent so far, in order. */
  public synchronized List<Sent> log() {
    return List.copyOf(log);
  }

  /** Datagrams sent so far to {@code to}. */
  public synchronized List<Sent> sentTo(InetSocketAddress to) {
    return log.stream().filter(sent -> sent.to().equals(to)).toList();
  }

  public synchronized long dropped() {
    return dropped;
  }

  public synchronized long delivered() {
    return delivered;
  }

  /**
   * Waits until every open endpoint's reader has taken everything delivered to it and come back to
   * {@code receive} for more: the network and its readers have nothing left to do until time moves.
   * (An open endpoint that receives datagrams but is never read keeps the network busy.)
   *
   * @return false if that did not happen within {@code timeout} (real time)
   */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!idle()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * Waits until at least {@code count} datagrams have been sent in all.
   *
   * @return false if that did not happen within {@code timeout} (real time)
   */
  public synchronized boolean awaitSent(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (log.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private boolean idle() {
    for (Endpoint endpoint : endpoints.values()) {
      if (!endpoint.idle()) {
        return false;
      }
    }
    return true;
  }

  private synchronized void changed() {
    notifyAll();
  }

  private void send(InetSocketAddress from, InetSocketAddress to, byte[] data) {
    byte[] copy = data.clone();
    int copies;
    long[] delays;
    synchronized (this) {
      Sent sent =
          new Sent(
              scheduler instanceof FakeScheduler fake ? fake.clock().read() : 0, from, to, copy);
      log.add(sent);
      notifyAll();
      boolean lost = random.nextDouble() < dropRate;
      if (lost || rule.test(sent)) {
        dropped++;
        return;
      }
      copies = random.nextDouble() < duplicateRate ? 2 : 1;
      delays = new long[copies];
      for (int i = 0; i < copies; i++) {
        delays[i] =
            random.nextDouble() < delayRate
                ? 1 + (long) (random.nextDouble() * maxDelay.toNanos())
                : 0;
      }
    }
    for (long delay : delays) {
      if (delay == 0) {
        deliver(from, to, copy);
      } else {
        ScheduledFuture<?> unused =
            Objects.requireNonNull(scheduler)
                .schedule(() -> deliver(from, to, copy), delay, TimeUnit.NANOSECONDS);
      }
    }
  }

  private void deliver(InetSocketAddress from, InetSocketAddress to, byte[] data) {
    Endpoint endpoint = endpoints.get(to);
    if (endpoint != null && endpoint.offer(new Datagram(data.clone(), from))) {
      synchronized (this) {
        delivered++;
      }
    }
    changed();
  }

  private final class Endpoint implements DatagramEndpoint {
    private final InetSocketAddress address;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    // Datagrams queued or handed to the reader who has not come back for more yet (one reader).
    private final AtomicInteger unprocessed = new AtomicInteger();
    private volatile boolean handed;

    Endpoint(InetSocketAddress address) {
      this.address = address;
    }

    boolean offer(Datagram datagram) {
      if (closed) {
        return false;
      }
      unprocessed.incrementAndGet();
      return queue.offer(datagram);
    }

    boolean idle() {
      return closed || unprocessed.get() == 0;
    }

    @Override
    public void send(byte[] data, InetSocketAddress to) throws IOException {
      if (closed) {
        throw new SocketException("endpoint " + address + " is closed");
      }
      LossyNetwork.this.send(address, to, data);
    }

    @Override
    public Datagram receive(Duration timeout) throws IOException {
      if (closed) {
        throw new SocketException("endpoint " + address + " is closed");
      }
      if (handed) {
        handed = false;
        unprocessed.decrementAndGet();
      }
      changed();
      Object next;
      try {
        next =
            timeout.isZero() ? queue.take() : queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
      if (next == null) {
        throw new SocketTimeoutException("nothing within " + timeout);
      }
      if (next == CLOSED) {
        queue.offer(CLOSED); // for any other reader
        throw new SocketException("endpoint " + address + " is closed");
      }
      handed = true;
      return (Datagram) next;
    }

    @Override
    public InetSocketAddress localAddress() {
      return address;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      queue.offer(CLOSED);
      endpoints.remove(address, this);
      changed();
    }
  }
}
