package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** An output that hands each printed line to a queue, for reading a running program's output. */
final class LineSink extends OutputStream {
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  final PrintStream out = new PrintStream(this, true, UTF_8);

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      lines.add(line.toString(UTF_8));
      line.reset();
    } else {
      line.write(b);
    }
  }

  /** The next line, waiting at most {@code wait}; null when none came. */
  @Nullable String next(Duration wait) throws InterruptedException {
    return lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }
}
