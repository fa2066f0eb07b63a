package io.capas.transport.udp;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.base.Ticker;
import io.capas.transport.Datagram;
import io.capas.transport.DatagramEndpoint;
import io.capas.transport.RequestHandler;
import io.capas.transport.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Serves a {@link RequestHandler} on one datagram endpoint with at-most-once execution: a request
 * that arrives again (resent by its client, or duplicated by the network) is answered from the
 * {@link ReplyCache}, or told "still running", and the handler never runs twice for it. Requests
 * run on the injected executor. Safe for concurrent use; {@link #close()} may be called twice.
 *
 * <p>The server sends only in answer to what it receives, plus the first burst of a reply when the
 * handler returns: the client's timers drive every resend. To an address that has not echoed its
 * cookie it sends at most a few times what it received from there ({@link AddressValidation}): a
 * reply burst that does not fit becomes a {@link Wire#CHALLENGE}, which a real client answers at
 * once with the cookie. A forced replay (a FORCE acknowledgement, a resent request) draws a full
 * burst from one reply at most once per {@link ReliableUdpConfig#replayInterval()}.
 */
public final class ReliableUdpServer implements Server {
  private static final System.Logger LOGGER = System.getLogger(ReliableUdpServer.class.getName());

  private final DatagramEndpoint endpoint;
  private final RequestHandler handler;
  private final Executor executor;
  private final ReliableUdpConfig config;
  private final Ticker ticker;
  private final ReplyCache cache;
  private final AddressValidation validation;
  private final long replayIntervalNanos;
  private final Thread receiver;
  private volatile boolean accepting = true;
  private static final int MAX_RECEIVE_FAILURES = 100;

  private volatile boolean open = true;

  ReliableUdpServer(
      DatagramEndpoint endpoint,
      RequestHandler handler,
      Executor executor,
      ReliableUdpConfig config,
      Ticker ticker,
      Random random) {
    this.endpoint = endpoint;
    this.handler = handler;
    this.executor = executor;
    this.config = config;
    this.ticker = ticker;
    this.cache = new ReplyCache(config, ticker.read());
    this.validation = new AddressValidation(config, random);
    this.replayIntervalNanos = config.replayInterval().toNanos();
    this.receiver =
        Thread.ofPlatform()
            .daemon()
            .name("capas-udp-server-" + endpoint.localAddress().getPort())
            .start(this::receiveLoop);
    LOGGER.log(INFO, () -> "reliable UDP server listening on " + endpoint.localAddress());
  }

  @Override
  public InetSocketAddress address() {
    return endpoint.localAddress();
  }

  /** Requests whose handler is running right now. */
  @Override
  public int activeConnections() {
    synchronized (cache) {
      return cache.running();
    }
  }

  private void receiveLoop() {
    int failures = 0;
    while (open) {
      Datagram datagram;
      try {
        datagram = endpoint.receive(Duration.ZERO);
        failures = 0;
      } catch (IOException e) {
        if (open && ++failures >= MAX_RECEIVE_FAILURES) {
          // A socket that fails every receive will not heal: stop rather than spin.
          LOGGER.log(
              WARNING,
              "closing server on "
                  + endpoint.localAddress()
                  + " after "
                  + failures
                  + " receive failures",
              e);
          close();
          return;
        }
        if (open) {
          LOGGER.log(DEBUG, "receive failed on " + endpoint.localAddress(), e);
        }
        continue;
      }
      try {
        handle(datagram);
      } catch (Throwable e) {
        // One datagram that trips a bug must not stop the server for everyone: one line, the
        // stack at DEBUG.
        LOGGER.log(WARNING, "dropped a datagram from " + datagram.sender() + ": " + e);
        LOGGER.log(DEBUG, "datagram failure", e);
      }
    }
  }

  private void handle(Datagram datagram) {
    Optional<Wire.Packet> packet = Wire.decode(datagram.data(), config.maxMessageSize());
    if (packet.isEmpty()) {
      if (datagram.data().length >= Wire.HEADER) {
        tooLarge(datagram);
      }
      return;
    }
    InetSocketAddress from = datagram.sender();
    long now = ticker.read();
    boolean validated = admitted(packet.get(), datagram, now);
    List<byte[]> answers = new ArrayList<>(1);
    switch (packet.get().type()) {
      case Wire.REQUEST -> onRequest(packet.get(), from, validated, now, answers);
      case Wire.REPLY_ACK -> onReplyAck(packet.get(), from, validated, now, answers);
      default -> {
        // not for a server
      }
    }
    send(answers, from);
  }

  /**
   * Whether the datagram's cookie validates its sender; if not, its bytes count toward what the
   * server may send back there.
   */
  private boolean admitted(Wire.Packet packet, Datagram datagram, long now) {
    if (validation.validates(datagram.sender(), packet.cookie())) {
      return true;
    }
    validation.received(datagram.sender(), datagram.data().length, now);
    return false;
  }

  /**
   * {@code datagrams} if {@code to} may get them all now (validated, or within its credit, which
   * they then use up), else nothing: the client's resend brings more credit, or the cookie.
   */
  private List<byte[]> within(
      List<byte[]> datagrams, InetSocketAddress to, boolean validated, long now) {
    if (validated || validation.trySend(to, length(datagrams), now)) {
      return datagrams;
    }
    return List.of();
  }

  private static long length(List<byte[]> datagrams) {
    long total = 0;
    for (byte[] datagram : datagrams) {
      total += datagram.length;
    }
    return total;
  }

  /** A request announcing more than the limit gets a failure at once rather than silence. */
  private void tooLarge(Datagram datagram) {
    Optional<Wire.Packet> unlimited = Wire.decode(datagram.data(), Wire.MAX_MESSAGE);
    if (unlimited.isPresent() && unlimited.get().type() == Wire.REQUEST) {
      Wire.Packet packet = unlimited.get();
      long now = ticker.read();
      boolean validated = admitted(packet, datagram, now);
      String reason =
          new MessageTooLargeException(packet.total(), config.maxMessageSize()).getMessage();
      byte[] failure = Wire.text(Wire.FAILURE, packet.id(), 0, reason);
      send(within(List.of(failure), datagram.sender(), validated, now), datagram.sender());
    }
  }

  private void onRequest(
      Wire.Packet fragment,
      InetSocketAddress from,
      boolean validated,
      long now,
      List<byte[]> answers) {
    ReplyCache.Key key = new ReplyCache.Key(from, fragment.id());
    byte[] request = null;
    ReplyCache.Entry entry;
    synchronized (cache) {
      entry = cache.get(key);
      if (entry == null) {
        if (!accepting) {
          return;
        }
        entry = cache.admit(key, fragment, now);
        if (entry == null) {
          return; // no room: the client will resend
        }
        if (entry.state == ReplyCache.State.RUNNING) {
          request = fragment.bytes();
        }
      }
      entry.validated |= validated;
      switch (entry.state) {
        case RECEIVING -> {
          Incoming incoming = Objects.requireNonNull(entry.incoming);
          if (!cache.accept(entry, fragment)) {
            return; // does not fit its message, or no reassembly room now: the client resends
          }
          entry.touchedNanos = now;
          if (incoming.complete()) {
            request = incoming.message();
            answers.addAll(within(List.of(allReceived(fragment)), from, validated, now));
            cache.started(entry);
          } else if (fragment.has(Wire.ACK_ME)) {
            byte[] ack = incoming.ack(Wire.REQUEST_ACK, 0, fragment.burst(), fragment.id());
            answers.addAll(within(List.of(ack), from, validated, now));
          }
        }
        case RUNNING -> {
          if (request == null && (fragment.count() == 1 || fragment.has(Wire.ACK_ME))) {
            // still running: do not run it again
            answers.addAll(within(List.of(allReceived(fragment)), from, validated, now));
          }
        }
        case DONE -> {
          entry.touchedNanos = now; // its client is still asking: not settled (ReplyCache)
          if (fragment.count() == 1 || fragment.has(Wire.ACK_ME)) {
            answers.addAll(burst(entry, validated, true, now));
          }
        }
      }
    }
    if (request != null) {
      run(entry, request);
    }
  }

  private static byte[] allReceived(Wire.Packet fragment) {
    BitSet all = new BitSet();
    all.set(0, fragment.count());
    return Wire.ack(
        Wire.REQUEST_ACK,
        0,
        fragment.burst(),
        fragment.id(),
        fragment.total(),
        fragment.fragSize(),
        all);
  }

  /**
   * Under the cache lock: the next burst of a finished request's reply (or its failure datagram)
   * for its client; a {@link Wire#CHALLENGE} instead if the client's address is not validated and
   * the burst does not fit its credit; nothing for a forced replay sooner than {@link
   * ReliableUdpConfig#replayInterval()} after the last burst.
   */
  private List<byte[]> burst(ReplyCache.Entry entry, boolean validated, boolean forced, long now) {
    if (forced && now < entry.replayAllowedNanos) {
      return List.of();
    }
    List<byte[]> burst =
        entry.failure != null
            ? List.of(entry.failure)
            : Objects.requireNonNull(entry.reply).nextBurst();
    InetSocketAddress client = entry.key.client();
    if (validated || entry.validated || validation.trySend(client, length(burst), now)) {
      entry.replayAllowedNanos = now + replayIntervalNanos;
      return burst;
    }
    return within(List.of(Wire.challenge(entry.key.id())), client, false, now);
  }

  private void onReplyAck(
      Wire.Packet ack, InetSocketAddress from, boolean validated, long now, List<byte[]> answers) {
    synchronized (cache) {
      ReplyCache.Entry entry = cache.get(new ReplyCache.Key(from, ack.id()));
      if (entry == null || entry.state != ReplyCache.State.DONE || entry.reply == null) {
        return;
      }
      entry.validated |= validated;
      entry.touchedNanos = now; // its client is still receiving: not settled (ReplyCache)
      Outgoing reply = entry.reply;
      if (reply.onAck(ack) && !reply.complete()) {
        boolean forced = ack.has(Wire.FORCE) && !reply.current(ack);
        answers.addAll(burst(entry, validated, forced, now));
      }
    }
  }

  private void run(ReplyCache.Entry entry, byte[] request) {
    try {
      executor.execute(() -> respond(entry, request));
    } catch (RejectedExecutionException e) {
      synchronized (cache) {
        cache.remove(entry);
      }
      LOGGER.log(DEBUG, "executor refused request " + entry.key, e);
    }
  }

  private void respond(ReplyCache.Entry entry, byte[] request) {
    InetSocketAddress client = entry.key.client();
    long id = entry.key.id();
    byte[] reply = null;
    String failure = null;
    try {
      reply = handler.handle(request, client);
      if (reply.length > config.maxMessageSize()) {
        failure = "reply too large: " + reply.length + " > " + config.maxMessageSize() + " bytes";
        reply = null;
      }
    } catch (Throwable e) {
      // Any Throwable, Errors included (a recursion too deep, memory exhausted): the request must
      // end with an answer, or its entry would say "still running" until the caller gives up. The
      // client gets a generic failure; one line stays here for the operator, the stack at DEBUG.
      LOGGER.log(WARNING, "handler failed for request " + id + " from " + client + ": " + e);
      LOGGER.log(DEBUG, "handler failure", e);
      failure = "handler failed";
    }
    List<byte[]> burst;
    synchronized (cache) {
      if (reply != null) {
        entry.reply = new Outgoing(Wire.REPLY, id, reply, config.fragmentSize(), config.window());
        cache.finished(entry, reply.length, ticker.read());
      } else {
        entry.failure = Wire.text(Wire.FAILURE, id, 0, Objects.requireNonNull(failure));
        cache.finished(entry, entry.failure.length, ticker.read());
      }
      burst = burst(entry, entry.validated, false, ticker.read());
      cache.notifyAll();
    }
    send(burst, client);
  }

  /** Sends with {@code to}'s cookie stamped in, so that the client can echo it. */
  private void send(List<byte[]> datagrams, InetSocketAddress to) {
    if (datagrams.isEmpty()) {
      return;
    }
    long cookie = validation.cookie(to);
    try {
      for (byte[] datagram : datagrams) {
        Wire.stamp(datagram, cookie);
        endpoint.send(datagram, to);
      }
    } catch (IOException e) {
      // A lost answer is what the client's resend is for.
      LOGGER.log(DEBUG, "send to " + to + " failed", e);
    }
  }

  @Override
  public void shutdown(Duration grace) throws InterruptedException {
    accepting = false;
    long deadline = System.nanoTime() + grace.toNanos(); // real time: an operator's wait
    synchronized (cache) {
      for (long left = grace.toNanos();
          cache.running() > 0 && left > 0;
          left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(cache, left);
      }
    }
    close();
  }

  @Override
  public void close() {
    if (!open) {
      return;
    }
    accepting = false;
    open = false;
    endpoint.close();
    if (Thread.currentThread() != receiver) {
      try {
        receiver.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LOGGER.log(INFO, () -> "reliable UDP server on " + endpoint.localAddress() + " stopped");
  }

  @VisibleForTesting
  int cachedEntries() {
    synchronized (cache) {
      return cache.size();
    }
  }

  @VisibleForTesting
  long cachedReplyBytes() {
    synchronized (cache) {
      return cache.replyBytes();
    }
  }

  /** Bytes held for partly received requests (the reassembly accounting). */
  @VisibleForTesting
  long assemblyBytes() {
    synchronized (cache) {
      return cache.assemblyBytes();
    }
  }

  /** Requests refused for want of room in the reply cache (their clients resend). */
  @VisibleForTesting
  long refused() {
    synchronized (cache) {
      return cache.refused();
    }
  }
}
