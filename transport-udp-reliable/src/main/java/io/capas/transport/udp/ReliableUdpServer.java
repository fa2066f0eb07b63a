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
 * handler returns: the client's timers drive every resend.
 */
public final class ReliableUdpServer implements Server {
  private static final System.Logger LOGGER = System.getLogger(ReliableUdpServer.class.getName());

  private final DatagramEndpoint endpoint;
  private final RequestHandler handler;
  private final Executor executor;
  private final ReliableUdpConfig config;
  private final Ticker ticker;
  private final ReplyCache cache;
  private final Thread receiver;
  private volatile boolean accepting = true;
  private static final int MAX_RECEIVE_FAILURES = 100;

  private volatile boolean open = true;

  ReliableUdpServer(
      DatagramEndpoint endpoint,
      RequestHandler handler,
      Executor executor,
      ReliableUdpConfig config,
      Ticker ticker) {
    this.endpoint = endpoint;
    this.handler = handler;
    this.executor = executor;
    this.config = config;
    this.ticker = ticker;
    this.cache = new ReplyCache(config, ticker.read());
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
      Optional<Wire.Packet> packet = Wire.decode(datagram.data(), config.maxMessageSize());
      if (packet.isEmpty()) {
        if (datagram.data().length >= Wire.HEADER) {
          tooLarge(datagram);
        }
        continue;
      }
      List<byte[]> answers = new ArrayList<>(1);
      switch (packet.get().type()) {
        case Wire.REQUEST -> onRequest(packet.get(), datagram.sender(), answers);
        case Wire.REPLY_ACK -> onReplyAck(packet.get(), datagram.sender(), answers);
        default -> {
          // not for a server
        }
      }
      send(answers, datagram.sender());
    }
  }

  /** A request announcing more than the limit gets a failure at once rather than silence. */
  private void tooLarge(Datagram datagram) {
    Optional<Wire.Packet> unlimited = Wire.decode(datagram.data(), Wire.MAX_MESSAGE);
    if (unlimited.isPresent() && unlimited.get().type() == Wire.REQUEST) {
      Wire.Packet packet = unlimited.get();
      String reason =
          new MessageTooLargeException(packet.total(), config.maxMessageSize()).getMessage();
      send(List.of(Wire.text(Wire.FAILURE, packet.id(), 0, reason)), datagram.sender());
    }
  }

  private void onRequest(Wire.Packet fragment, InetSocketAddress from, List<byte[]> answers) {
    ReplyCache.Key key = new ReplyCache.Key(from, fragment.id());
    byte[] request = null;
    ReplyCache.Entry entry;
    long now = ticker.read();
    synchronized (cache) {
      entry = cache.get(key);
      if (entry == null) {
        if (!accepting) {
          return;
        }
        boolean single = fragment.count() == 1;
        entry =
            cache.add(
                key,
                single ? ReplyCache.State.RUNNING : ReplyCache.State.RECEIVING,
                single ? 0 : fragment.total(),
                now);
        if (entry == null) {
          LOGGER.log(DEBUG, () -> "no room for request " + key + "; the client will resend");
          return;
        }
        if (single) {
          request = fragment.bytes();
        } else {
          entry.incoming = new Incoming(fragment);
        }
      }
      switch (entry.state) {
        case RECEIVING -> {
          Incoming incoming = Objects.requireNonNull(entry.incoming);
          if (!incoming.accept(fragment)) {
            return; // does not fit the message it claims to belong to
          }
          entry.touchedNanos = now;
          if (incoming.complete()) {
            request = incoming.message();
            answers.add(allReceived(fragment));
            cache.started(entry);
          } else if (fragment.has(Wire.ACK_ME)) {
            answers.add(incoming.ack(Wire.REQUEST_ACK, 0, fragment.burst(), fragment.id()));
          }
        }
        case RUNNING -> {
          if (request == null && (fragment.count() == 1 || fragment.has(Wire.ACK_ME))) {
            answers.add(allReceived(fragment)); // still running: do not run it again
          }
        }
        case DONE -> {
          if (fragment.count() == 1 || fragment.has(Wire.ACK_ME)) {
            answers.addAll(replayed(entry));
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

  private static List<byte[]> replayed(ReplyCache.Entry entry) {
    if (entry.failure != null) {
      return List.of(entry.failure);
    }
    Outgoing reply = Objects.requireNonNull(entry.reply);
    return reply.nextBurst();
  }

  private void onReplyAck(Wire.Packet ack, InetSocketAddress from, List<byte[]> answers) {
    synchronized (cache) {
      ReplyCache.Entry entry = cache.get(new ReplyCache.Key(from, ack.id()));
      if (entry == null || entry.state != ReplyCache.State.DONE || entry.reply == null) {
        return;
      }
      if (entry.reply.onAck(ack) && !entry.reply.complete()) {
        answers.addAll(entry.reply.nextBurst());
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
    } catch (Exception e) {
      // The client gets a generic failure; the details stay here for the operator.
      LOGGER.log(WARNING, "handler failed for request " + id + " from " + client, e);
      failure = "handler failed";
    }
    List<byte[]> burst;
    synchronized (cache) {
      if (reply != null) {
        entry.reply = new Outgoing(Wire.REPLY, id, reply, config.fragmentSize(), config.window());
        burst = entry.reply.nextBurst();
        cache.finished(entry, reply.length, ticker.read());
      } else {
        byte[] datagram = Wire.text(Wire.FAILURE, id, 0, Objects.requireNonNull(failure));
        entry.failure = datagram;
        burst = List.of(datagram);
        cache.finished(entry, datagram.length, ticker.read());
      }
      cache.notifyAll();
    }
    send(burst, client);
  }

  private void send(List<byte[]> datagrams, InetSocketAddress to) {
    try {
      for (byte[] datagram : datagrams) {
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

  @VisibleForTesting
  long evictedEarly() {
    synchronized (cache) {
      return cache.evictedEarly();
    }
  }
}
