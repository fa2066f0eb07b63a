package io.capas.framing;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Encodes netstrings ({@code N:payload,}), the mirror of {@link NetstringDecoder}. Immutable and
 * thread-safe (static methods only).
 */
public final class NetstringEncoder {
  private NetstringEncoder() {}

  /** {@code payload} as one netstring. */
  public static byte[] encode(byte[] payload) {
    byte[] length = Integer.toString(payload.length).getBytes(US_ASCII);
    byte[] out = new byte[length.length + 1 + payload.length + 1];
    System.arraycopy(length, 0, out, 0, length.length);
    out[length.length] = ':';
    System.arraycopy(payload, 0, out, length.length + 1, payload.length);
    out[out.length - 1] = ',';
    return out;
  }
}
