package io.capas.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.capas.testing.codec.Golden;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer, run for a bounded time: for any input the readers either return a value
 * or throw an {@link XmlRpcException}; nothing else escapes, nothing hangs (each parse is bounded
 * by its input, which is bounded), and memory stays bounded by small limits.
 */
class FuzzTest {
  private static final long BUDGET_NANOS = 6_000_000_000L; // per reader; ~12 s for the class
  private static final int MAX_ITERATIONS = 2_000_000;
  private static final XmlRpcLimits LIMITS = new XmlRpcLimits(32, 10_000, 10_000, 64 * 1024, 1_000);
  private static final String[] TOKENS = {
    "<",
    ">",
    "/>",
    "</",
    "&",
    ";",
    "&amp;",
    "&#13;",
    "&#x1F600;",
    "&#0;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?",
    "?>",
    "<!DOCTYPE x>",
    "<value>",
    "</value>",
    "<struct>",
    "</struct>",
    "<member>",
    "<name>",
    "<array><data>",
    "</data></array>",
    "<int>",
    "</int>",
    "<i8>",
    "<ex:nil/>",
    "<nil/>",
    "<double>",
    "1e308",
    "<base64>",
    "====",
    "<dateTime.iso8601>",
    "\r",
    "\u00e9",
    "\uD83D\uDE00",
    "\"",
    "'",
    "=",
    " a='b'",
    "<params>",
    "<param>",
    "encoding=\"UTF-16\"",
    "encoding=\"ISO-8859-1\"",
    "<fault>",
    "faultCode",
    "\u0000"
  };

  private static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (String name :
        List.of(
            "python/suma.request.xml",
            "python/echo-struct.request.xml",
            "python/echo-struct.response.xml",
            "python/unknown-method.response.xml",
            "capas/suma.call.xml",
            "capas/fault.response.xml")) {
      seeds.add(Golden.bytes(name));
    }
    seeds.add(MethodCallWriter.create().toBytes(MethodCall.of("x", new RandomValues(1).value(4))));
    return seeds;
  }

  static byte[] mutate(byte[] input, Random r) {
    byte[] b = input;
    int rounds = 1 + r.nextInt(4);
    for (int k = 0; k < rounds; k++) {
      int at = b.length == 0 ? 0 : r.nextInt(b.length);
      switch (r.nextInt(7)) {
        case 0 -> { // flip a bit
          if (b.length > 0) {
            b = b.clone();
            b[at] ^= (byte) (1 << r.nextInt(8));
          }
        }
        case 1 -> { // random byte
          if (b.length > 0) {
            b = b.clone();
            b[at] = (byte) r.nextInt(256);
          }
        }
        case 2 -> { // delete a range
          int len = Math.min(b.length - at, r.nextInt(16));
          byte[] out = new byte[b.length - len];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(b, at + len, out, at, b.length - at - len);
          b = out;
        }
        case 3 ->
            b = insert(b, at, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
        case 4 -> { // duplicate a range
          int len = Math.min(b.length - at, r.nextInt(64));
          b = insert(b, at, Arrays.copyOfRange(b, at, at + len));
        }
        case 5 -> b = Arrays.copyOf(b, at); // truncate
        default -> { // UTF-16 re-encoding of the whole thing
          b = new String(b, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_16LE);
        }
      }
      if (b.length > 200_000) {
        b = Arrays.copyOf(b, 200_000);
      }
    }
    return b;
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    byte[] out = new byte[b.length + what.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(b, at, out, at + what.length, b.length - at);
    return out;
  }

  @Test
  void methodCallReaderOnlyThrowsTypedExceptions() {
    MethodCallReader reader = new MethodCallReader(LIMITS);
    run(0xCA11, in -> reader.read(new ByteArrayInputStream(in)));
  }

  @Test
  void methodResponseReaderOnlyThrowsTypedExceptions() {
    MethodResponseReader reader = new MethodResponseReader(LIMITS);
    run(0x4E5, in -> reader.read(new ByteArrayInputStream(in)));
  }

  private interface Parse {
    Object parse(byte[] input) throws IOException;
  }

  private static void run(long seed, Parse parse) {
    Random r = new Random(seed);
    List<byte[]> seeds = seeds();
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int iterations = 0;
    int accepted = 0;
    while (iterations < MAX_ITERATIONS && (iterations % 256 != 0 || System.nanoTime() < deadline)) {
      byte[] input = mutate(seeds.get(r.nextInt(seeds.size())), r);
      iterations++;
      try {
        parse.parse(input);
        accepted++;
      } catch (XmlRpcException expected) {
        // the only acceptable failure
      } catch (Throwable t) {
        fail(
            "iteration "
                + iterations
                + " threw "
                + t
                + " for input: "
                + new String(input, StandardCharsets.ISO_8859_1),
            t);
      }
    }
    assertTrue(iterations > 1000, "fuzzer ran only " + iterations + " iterations");
    assertTrue(accepted > 0, "no mutated input was accepted; the mutator is too destructive");
  }
}
