package io.capas.transport.internal;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How a server reports a session that ended by throwing: the servers of every transport call it
 * where they catch whatever a session callback threw, so that one connection's failure, even an
 * {@link Error} such as a {@link StackOverflowError}, closes that connection and nothing else.
 *
 * <p>An {@link IOException} (or {@link UncheckedIOException}) is a connection ending the ordinary
 * way (the peer went away, its input was refused): one DEBUG line. Anything else is a bug in the
 * session or the codec under it, which an operator should see: one WARNING line with the
 * throwable's class and message (control characters escaped, at most {@value #MAX_MESSAGE}
 * characters, so a peer cannot write into the log), and its stack trace at DEBUG, never a wall of
 * stack frames on stderr.
 *
 * <p>Stateless and thread-safe.
 */
public final class SessionFailures {

  /** The most characters of a throwable's message that reach the log line. */
  static final int MAX_MESSAGE = 300;

  private SessionFailures() {}

  /**
   * Logs, on {@code logger}, that the session of {@code connection} failed with {@code failure}.
   * Never throws: a report that cannot be written (the heap is exhausted) is dropped, since the
   * connection is closed either way and the caller's thread must go on serving the others.
   */
  public static void report(System.Logger logger, Object connection, Throwable failure) {
    try {
      if (failure instanceof IOException || failure instanceof UncheckedIOException) {
        logger.log(DEBUG, () -> "session on " + connection + " ended: " + describe(failure));
        return;
      }
      logger.log(
          WARNING,
          () ->
              "session on "
                  + connection
                  + " failed and its connection was closed: "
                  + describe(failure)
                  + " (stack trace at DEBUG)");
      if (logger.isLoggable(DEBUG)) {
        logger.log(DEBUG, "stack trace of the failure on " + connection, failure);
      }
    } catch (Throwable unreportable) {
      // Most likely out of memory while formatting: nothing sensible is left to do with it.
    }
  }

  /**
   * The throwable's class name and message on one line: control characters escaped, the message cut
   * at {@value #MAX_MESSAGE} characters.
   */
  public static String describe(Throwable failure) {
    String message = failure.getMessage();
    StringBuilder line = new StringBuilder(failure.getClass().getName());
    if (message == null) {
      return line.toString();
    }
    line.append(": ");
    int end = Math.min(message.length(), MAX_MESSAGE);
    for (int i = 0; i < end; i++) {
      char c = message.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        line.append(String.format("\\u%04x", (int) c));
      } else {
        line.append(c);
      }
    }
    if (end < message.length()) {
      line.append("... (").append(message.length()).append(" characters)");
    }
    return line.toString();
  }
}
