package io.capas.testing.transport;

import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The server sessions the conformance suite serves. */
final class ConformanceSessions {

  private ConformanceSessions() {}

  /**
   * A line protocol: each line is written back, except {@code slow}, which is consumed and answered
   * {@code slow done} by a task {@linkplain SessionContext#offload offloaded} that first sleeps for
   * {@code sleep}. The lines after it are left unconsumed for the transport to offer again once the
   * task has returned (so they are answered after it, in order). {@code taskRunning} is counted
   * down when a task starts.
   */
  static SessionFactory linesWithSlowTask(Duration sleep, CountDownLatch taskRunning) {
    return context ->
        new Session() {
          @Override
          public void onData(ByteBuffer data) throws IOException {
            while (true) {
              int end = -1;
              for (int i = data.position(); i < data.limit(); i++) {
                if (data.get(i) == '\n') {
                  end = i;
                  break;
                }
              }
              if (end < 0) {
                return;
              }
              byte[] line = new byte[end + 1 - data.position()];
              data.get(line);
              if (new String(line, StandardCharsets.US_ASCII).equals("slow\n")) {
                context.offload(
                    () -> {
                      taskRunning.countDown();
                      try {
                        Thread.sleep(sleep);
                        context.write(ascii("slow done\n"));
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    });
                return;
              }
              context.write(ByteBuffer.wrap(line));
            }
          }
        };
  }

  /** Writes back every byte it receives. */
  static SessionFactory echo() {
    return context ->
        new Session() {
          @Override
          public void onData(ByteBuffer data) throws IOException {
            context.write(data);
          }
        };
  }

  /** On its first bytes writes {@code reply} and closes the connection. */
  static SessionFactory replyThenClose(String reply) {
    return context ->
        new Session() {
          @Override
          public void onData(ByteBuffer data) throws IOException {
            data.position(data.limit());
            context.write(ascii(reply));
            context.close();
          }
        };
  }

  /** Counts bytes until the peer's end of stream, then writes the count. */
  static SessionFactory countUntilEndOfStream() {
    return context ->
        new Session() {
          private long count;

          @Override
          public void onData(ByteBuffer data) {
            count += data.remaining();
            data.position(data.limit());
          }

          @Override
          public void onEndOfStream() throws IOException {
            context.write(ascii("count " + count));
          }
        };
  }

  /** Sets a read timeout when opened and answers it with {@code T}, then closes. */
  static SessionFactory timeoutReporter(Duration timeout) {
    return context -> {
      context.readTimeout(timeout);
      return new Session() {
        @Override
        public void onData(ByteBuffer data) throws IOException {
          context.write(data);
        }

        @Override
        public void onReadTimeout(SessionContext ctx) throws IOException {
          ctx.write(ascii("T"));
          ctx.close();
        }
      };
    };
  }

  /** Echoes, and counts its sessions' {@code onClose} calls. */
  static SessionFactory closeCounting(AtomicInteger closes, CountDownLatch closed) {
    return context ->
        new Session() {
          @Override
          public void onData(ByteBuffer data) throws IOException {
            context.write(data);
          }

          @Override
          public void onClose() {
            closes.incrementAndGet();
            closed.countDown();
          }
        };
  }

  /**
   * Echoes, except that a chunk starting with {@code s} (slow) blocks until {@code release} opens,
   * then writes {@code done}.
   */
  static SessionFactory slow(CountDownLatch started, CountDownLatch release) {
    return context ->
        new Session() {
          @Override
          public void onData(ByteBuffer data) throws IOException {
            if (data.get(data.position()) != 's') {
              context.write(data);
              return;
            }
            data.position(data.limit());
            started.countDown();
            try {
              if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IOException("never released");
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("interrupted");
            }
            context.write(ascii("done"));
          }
        };
  }

  /** The session callback a {@link #failing} session throws from. */
  enum Callback {
    OPEN,
    ON_DATA,
    ON_END_OF_STREAM,
    ON_READ_TIMEOUT,
    ON_CLOSE
  }

  /**
   * Echoes; but while {@code failures} is positive, each new session takes one and throws an {@link
   * Error} from {@code callback}: alternately a real {@link StackOverflowError} (unbounded
   * recursion, what a codec recursing once per nested element does) and an {@link
   * OutOfMemoryError}. A session failing in {@link Callback#ON_READ_TIMEOUT} sets a 50 ms read
   * timeout when opened.
   */
  static SessionFactory failing(Callback callback, AtomicInteger failures) {
    AtomicInteger opened = new AtomicInteger();
    return context -> {
      boolean fails = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      boolean overflow = opened.incrementAndGet() % 2 == 1;
      Runnable fail = () -> throwError(overflow);
      if (fails && callback == Callback.OPEN) {
        fail.run();
      }
      if (fails && callback == Callback.ON_READ_TIMEOUT) {
        context.readTimeout(Duration.ofMillis(50));
      }
      return new Session() {
        @Override
        public void onData(ByteBuffer data) throws IOException {
          if (fails && callback == Callback.ON_DATA) {
            fail.run();
          }
          context.write(data);
        }

        @Override
        public void onEndOfStream() {
          if (fails && callback == Callback.ON_END_OF_STREAM) {
            fail.run();
          }
        }

        @Override
        public void onReadTimeout(SessionContext ctx) {
          if (fails && callback == Callback.ON_READ_TIMEOUT) {
            fail.run();
          }
          ctx.close();
        }

        @Override
        public void onClose() {
          if (fails && callback == Callback.ON_CLOSE) {
            fail.run();
          }
        }
      };
    };
  }

  private static void throwError(boolean overflow) {
    if (overflow) {
      recurse(0);
      throw new AssertionError("the recursion ended without overflowing the stack");
    }
    throw new OutOfMemoryError("simulated by the conformance suite");
  }

  /** Recurses until the stack overflows (the sum keeps it from being a tail call). */
  private static long recurse(long depth) {
    return depth < 0 ? depth : recurse(depth + 1) + depth;
  }

  static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }
}
