package io.capas.hftp;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;

/**
 * What one HFTP connection may cost the server. Immutable and thread-safe.
 *
 * @param maxLineLength the longest request line, in bytes without its {@code \r\n}; a longer one is
 *     refused with {@code 101 BAD REQUEST} (fatal) as soon as the limit is passed. The default, 16
 *     MiB, is well above the several-MiB lines that must be read to their end and answered.
 * @param maxWordLength how many bytes of each word of a request are kept; a longer word is still
 *     read to its end but only its length is remembered, so a 5 MiB file name costs 4 KiB of memory
 *     and is simply not found. No command, number or real file name comes near the default, 4096.
 * @param idleTimeout how long a connection may stay silent before the server closes it; {@link
 *     Duration#ZERO} means forever. The default, 5 minutes, lets a client type one byte per second.
 */
public record HftpLimits(int maxLineLength, int maxWordLength, Duration idleTimeout) {

  /** 16 MiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 16 * 1024 * 1024;

  public static final int DEFAULT_MAX_WORD_LENGTH = 4096;

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  public HftpLimits {
    checkArgument(
        maxLineLength > 0 && maxLineLength <= 1 << 30,
        "maxLineLength must be in 1..1 GiB: %s",
        maxLineLength);
    checkArgument(
        maxWordLength > 0 && maxWordLength <= maxLineLength,
        "maxWordLength must be in 1..maxLineLength: %s",
        maxWordLength);
    checkArgument(!idleTimeout.isNegative(), "negative idleTimeout: %s", idleTimeout);
  }

  public static HftpLimits defaults() {
    return new HftpLimits(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_WORD_LENGTH, DEFAULT_IDLE_TIMEOUT);
  }

  public HftpLimits withMaxLineLength(int bytes) {
    return new HftpLimits(bytes, Math.min(maxWordLength, bytes), idleTimeout);
  }

  public HftpLimits withIdleTimeout(Duration timeout) {
    return new HftpLimits(maxLineLength, maxWordLength, timeout);
  }
}
