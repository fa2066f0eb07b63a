package io.capas.transport.udp;

import static java.lang.System.Logger.Level.DEBUG;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One call in flight on a {@link ReliableUdpChannel}: sends the request, resends on silence with
 * exponential backoff and jitter, collects the reply. Its state changes under its own lock, from
 * the caller, the channel's receiver thread and the scheduler.
 */
final class ClientCall {
  private static final System.Logger LOGGER = System.getLogger(ClientCall.class.getName());

  private enum State {
    /** The server has not yet acknowledged every request fragment. */
    SENDING,
    /** The server has the whole request and is running it. */
    AWAITING,
    /** Reply fragments are arriving. */
    RECEIVING,
    DONE
  }

  private final ReliableUdpChannel channel;
  private final long id;
  private final Outgoing request;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final long startNanos;

  private State state = State.SENDING;
  private @Nullable Incoming reply;
  private double waitNanos;
  private int attempts;
  private boolean heard;
  private boolean challenged;

  /** When to resend next, and when the caller stops waiting (ticker nanos; MAX_VALUE: never). */
  private volatile long retryDue = Long.MAX_VALUE;

  private volatile long callerDue = Long.MAX_VALUE;
  private final long callerDeadlineMillis;

  ClientCall(ReliableUdpChannel channel, long id, byte[] request, Duration deadline) {
    this.channel = channel;
    this.id = id;
    ReliableUdpConfig config = channel.config();
    this.request = new Outgoing(Wire.REQUEST, id, request, config.fragmentSize(), config.window());
    this.startNanos = channel.ticker().read();
    this.callerDeadlineMillis = deadline.toMillis();
    if (!deadline.isZero()) {
      callerDue = startNanos + deadline.toNanos();
    }
  }

  long id() {
    return id;
  }

  CompletableFuture<byte[]> result() {
    return result;
  }

  void start() {
    List<byte[]> first;
    synchronized (this) {
      waitNanos = channel.config().initialWait().toNanos();
      attempts = 1;
      first = request.nextBurst();
    }
    // Sent without holding the lock: on loopback the reply may arrive before send() returns, and
    // the receiving thread should not have to wait for this one.
    try {
      for (byte[] datagram : first) {
        channel.send(datagram);
      }
    } catch (IOException e) {
      fail(e);
      return;
    }
    // The timers start once the request is out, never before: a resend timer armed before the
    // send could fire while the request is still on its way (a slow send, time moving meanwhile),
    // and that early duplicate would meet the server's replay limit and cost a whole extra wait.
    synchronized (this) {
      if (state == State.DONE) {
        return; // answered already
      }
      if (retryDue == Long.MAX_VALUE) { // unless an acknowledgement has started the next wait
        retryDue = channel.ticker().read() + channel.jittered(waitNanos);
      }
      channel.arm(nextDue()); // one arming for both: the channel's timer is due at the earlier
    }
  }

  synchronized void onPacket(Wire.Packet packet) {
    if (state == State.DONE) {
      return; // a late or duplicate answer
    }
    switch (packet.type()) {
      case Wire.REQUEST_ACK -> onRequestAck(packet);
      case Wire.REPLY -> onReplyFragment(packet);
      case Wire.FAILURE ->
          finish(null, new IOException("server failed request " + id + ": " + packet.text()));
      case Wire.CHALLENGE -> onChallenge();
      default -> {
        // not for a client
      }
    }
  }

  private void onRequestAck(Wire.Packet ack) {
    if (state != State.SENDING && state != State.AWAITING) {
      return;
    }
    boolean next = request.onAck(ack);
    heard = true;
    if (request.complete()) {
      state = State.AWAITING;
    } else if (next) {
      progress(request.nextBurst());
    }
  }

  private void onReplyFragment(Wire.Packet fragment) {
    if (state == State.SENDING || state == State.AWAITING) {
      request.ackAll();
      state = State.RECEIVING;
      reply = new Incoming(fragment);
    }
    Incoming incoming = Objects.requireNonNull(reply);
    if (!incoming.accept(fragment)) {
      return; // does not fit the reply it claims to belong to
    }
    heard = true;
    if (incoming.complete()) {
      finish(incoming.message(), null);
    } else if (fragment.has(Wire.ACK_ME)) {
      progress(List.of(incoming.ack(Wire.REPLY_ACK, 0, fragment.burst(), id)));
    }
  }

  /**
   * The server holds an answer until this address echoes its cookie (which the channel has just
   * learnt from the challenge): ask again now rather than at the next timeout. At most once per
   * wait, so that forged challenges cannot make the client send more than its timers would.
   */
  private void onChallenge() {
    if (challenged) {
      return;
    }
    challenged = true;
    heard = true;
    send(List.of(resend()));
  }

  /** What to send when asking the server again: the state decides. */
  private byte[] resend() {
    return switch (state) {
      case SENDING, AWAITING -> request.probe();
      case RECEIVING -> Objects.requireNonNull(reply).ack(Wire.REPLY_ACK, Wire.FORCE, 0, id);
      case DONE -> throw new AssertionError();
    };
  }

  /** Data moved: send what comes next and start the waits over. */
  private void progress(List<byte[]> datagrams) {
    waitNanos = channel.config().initialWait().toNanos();
    heard = false;
    challenged = false;
    send(datagrams);
    schedule();
  }

  /** The earliest time this call wants {@link #onTick} (MAX_VALUE once done). */
  long nextDue() {
    return Math.min(retryDue, callerDue);
  }

  /** Called by the channel's timer at or after {@link #nextDue()}. */
  synchronized void onTick(long now) {
    if (state == State.DONE) {
      return;
    }
    if (now >= callerDue) {
      finish(
          null,
          new SocketTimeoutException(
              "no reply from " + channel.remote() + " within " + callerDeadlineMillis + " ms"));
    } else if (now >= retryDue) {
      onTimer();
    }
  }

  private void onTimer() {
    ReliableUdpConfig config = channel.config();
    double next = waitNanos * config.multiplier();
    if (heard) {
      // The server answered (it is running the request): keep polling, never give up for that.
      waitNanos = Math.min(next, (double) config.maxWait().toNanos());
    } else if (next > config.maxWait().toNanos()) {
      Duration elapsed = Duration.ofNanos(channel.ticker().read() - startNanos);
      finish(null, new ServerUnreachableException(channel.remote().toString(), attempts, elapsed));
      return;
    } else {
      waitNanos = next;
    }
    heard = false;
    challenged = false;
    attempts++;
    LOGGER.log(DEBUG, () -> "resending request " + id + " (" + state + "), attempt " + attempts);
    send(state == State.SENDING ? request.nextBurst() : List.of(resend()));
    schedule();
  }

  private void schedule() {
    if (state == State.DONE) {
      return;
    }
    retryDue = channel.ticker().read() + channel.jittered(waitNanos);
    channel.arm(retryDue);
  }

  private void send(List<byte[]> datagrams) {
    try {
      for (byte[] datagram : datagrams) {
        channel.send(datagram);
      }
    } catch (IOException e) {
      finish(null, e);
    }
  }

  /** Fails the call unless it is already over (the caller's deadline, the channel closing). */
  synchronized void fail(IOException cause) {
    if (state != State.DONE) {
      finish(null, cause);
    }
  }

  private void finish(byte @Nullable [] value, @Nullable IOException error) {
    state = State.DONE;
    retryDue = Long.MAX_VALUE;
    callerDue = Long.MAX_VALUE;
    channel.forget(this);
    if (error != null) {
      result.completeExceptionally(error);
    } else {
      result.complete(Objects.requireNonNull(value));
    }
  }
}
