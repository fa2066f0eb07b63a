package io.capas.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** The one line a failed session leaves in the log: class, message, nothing a peer can forge. */
class SessionFailuresTest {

  @Test
  void describesAnErrorWithoutAMessageByItsClass() {
    assertEquals(
        "java.lang.StackOverflowError", SessionFailures.describe(new StackOverflowError()));
  }

  @Test
  void escapesControlCharactersSoThatAMessageStaysOneLine() {
    String described =
        SessionFailures.describe(new IOException("bad\r\nWARNING: forged\u0085\u001b[31m"));
    assertEquals(
        "java.io.IOException: bad\\u000d\\u000aWARNING: forged\\u0085\\u001b[31m", described);
  }

  @Test
  void cutsALongMessage() {
    String described = SessionFailures.describe(new IllegalStateException("x".repeat(10_000)));
    assertTrue(described.endsWith("... (10000 characters)"), described);
    assertTrue(described.length() < SessionFailures.MAX_MESSAGE + 100, described);
  }

  @Test
  void reportingNeverThrowsEvenWhenTheLoggerDoes() {
    System.Logger broken =
        new System.Logger() {
          @Override
          public String getName() {
            return "broken";
          }

          @Override
          public boolean isLoggable(Level level) {
            throw new OutOfMemoryError("simulated");
          }

          @Override
          public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            throw new OutOfMemoryError("simulated");
          }

          @Override
          public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            throw new OutOfMemoryError("simulated");
          }
        };
    SessionFailures.report(broken, "a connection", new StackOverflowError());
    SessionFailures.report(broken, "a connection", new IOException("reset"));
  }
}
