package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.framing.ScgiHeaders;
import java.time.Duration;

/**
 * Settings of the SCGI server binding ({@link RpcServer#scgi}): what one request may cost.
 * Immutable and thread-safe.
 *
 * @param maxHeadBytes the largest header block, the netstring's payload ({@code 431} past it)
 * @param maxHeaderCount the most CGI headers in a request ({@code 431} past it)
 * @param maxBodyBytes the largest request body, {@code CONTENT_LENGTH} ({@code 413} past it)
 * @param headerTimeout how long the header block may take, from the connection's start: a peer that
 *     connects and sends nothing is closed then
 * @param bodyTimeout how long the body may take, from the end of the header block
 */
public record ScgiServerSettings(
    int maxHeadBytes,
    int maxHeaderCount,
    int maxBodyBytes,
    Duration headerTimeout,
    Duration bodyTimeout) {
  private static final ScgiServerSettings DEFAULTS =
      new ScgiServerSettings(
          ScgiHeaders.DEFAULT_MAX_BLOCK_BYTES,
          ScgiHeaders.DEFAULT_MAX_COUNT,
          8 * 1024 * 1024,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30));

  public ScgiServerSettings {
    checkArgument(maxHeadBytes >= 64, "maxHeadBytes too small: %s", maxHeadBytes);
    checkArgument(maxHeaderCount >= 2, "maxHeaderCount too small: %s", maxHeaderCount);
    checkArgument(maxBodyBytes >= 0, "maxBodyBytes negative: %s", maxBodyBytes);
    checkArgument(headerTimeout.isPositive(), "headerTimeout must be positive: %s", headerTimeout);
    checkArgument(bodyTimeout.isPositive(), "bodyTimeout must be positive: %s", bodyTimeout);
  }

  /**
   * A 16 KiB header block of at most 100 headers and an 8 MiB body (the HTTP binding's figures); 10
   * s for the headers, 30 s for the body.
   */
  public static ScgiServerSettings defaults() {
    return DEFAULTS;
  }

  public ScgiServerSettings withHeadLimits(int maxBytes, int maxCount) {
    return new ScgiServerSettings(maxBytes, maxCount, maxBodyBytes, headerTimeout, bodyTimeout);
  }

  public ScgiServerSettings withMaxBodyBytes(int value) {
    return new ScgiServerSettings(maxHeadBytes, maxHeaderCount, value, headerTimeout, bodyTimeout);
  }

  public ScgiServerSettings withTimeouts(Duration header, Duration body) {
    return new ScgiServerSettings(maxHeadBytes, maxHeaderCount, maxBodyBytes, header, body);
  }
}
