package io.capas.examples;

import io.capas.framing.FrameEncoder;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * The slides' byte order: {@code struct.pack('!i', 1234)} is {@code 00 00 04 d2} (network order,
 * big-endian), {@code struct.pack('<i', 1234)} is {@code d2 04 00 00}, and {@code unpack} reads
 * them back. A capas frame header is the same network-order integer.
 *
 * <p>Thread-safe (static methods only).
 */
public final class NetworkByteOrder {

  private NetworkByteOrder() {}

  /** {@code struct.pack('!i', value)}. */
  public static byte[] packNetwork(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(value).array();
  }

  /** {@code struct.pack('<i', value)}. */
  public static byte[] packLittle(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  /** {@code struct.unpack('!i', bytes)[0]}. */
  public static int unpackNetwork(byte[] bytes) {
    if (bytes.length != 4) {
      throw new IllegalArgumentException(
          "unpack requires a buffer of 4 bytes, got " + bytes.length);
    }
    return ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getInt();
  }

  /** Prints the packings of {@code value} and the round trip. */
  public static void run(int value, PrintStream out) {
    HexFormat hex = HexFormat.ofDelimiter(" ");
    byte[] network = packNetwork(value);
    out.println("pack('!i', " + value + ") -> " + hex.formatHex(network));
    out.println("pack('<i', " + value + ") -> " + hex.formatHex(packLittle(value)));
    out.println("unpack('!i', " + hex.formatHex(network) + ") -> " + unpackNetwork(network));
    out.println("native order: " + ByteOrder.nativeOrder());
    byte[] frame = FrameEncoder.encode(new byte[value >= 0 && value <= 64 * 1024 ? value : 0]);
    out.println(
        "a capas frame of " + (frame.length - 4) + " bytes starts " + hex.formatHex(frame, 0, 4));
  }
}
