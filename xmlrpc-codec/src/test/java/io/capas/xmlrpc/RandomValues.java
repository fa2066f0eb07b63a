package io.capas.xmlrpc;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/** Seeded random values in the plain Java mapping, nested to a bounded depth. */
final class RandomValues {
  private final Random random;

  RandomValues(long seed) {
    this.random = new Random(seed);
  }

  @Nullable Object value(int depth) {
    int kind = random.nextInt(depth > 0 ? 11 : 9);
    return switch (kind) {
      case 0 -> random.nextInt();
      case 1 -> random.nextLong();
      case 2 -> random.nextBoolean();
      case 3 -> string();
      case 4 -> finiteDouble();
      case 5 ->
          LocalDateTime.of(
              random.nextInt(10000),
              1 + random.nextInt(12),
              1 + random.nextInt(28),
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60));
      case 6 -> {
        byte[] b = new byte[random.nextInt(100)];
        random.nextBytes(b);
        yield b;
      }
      case 7 -> null;
      case 8 -> random.nextInt(1000);
      case 9 -> {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          m.put(string(), value(depth - 1));
        }
        yield m;
      }
      default -> {
        List<@Nullable Object> l = new ArrayList<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          l.add(value(depth - 1));
        }
        yield l;
      }
    };
  }

  private double finiteDouble() {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextDouble();
      case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(600) - 300);
      case 2 -> random.nextInt(1000) / 8.0;
      default -> {
        double d;
        do {
          d = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(d));
        yield d;
      }
    };
  }

  /** Strings with markup, CR/LF/tab, whitespace edges, non-ASCII and non-BMP characters. */
  String string() {
    int n = random.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(10)) {
        case 0 -> sb.append("<&>\"'".charAt(random.nextInt(5)));
        case 1 -> sb.append("\r\n\t ".charAt(random.nextInt(4)));
        case 2 -> sb.append((char) (0xA0 + random.nextInt(0x700)));
        case 3 -> sb.append((char) (0x800 + random.nextInt(0xD000)));
        case 4 -> sb.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
        case 5 -> sb.append("]]>");
        default -> sb.append((char) ('!' + random.nextInt(94)));
      }
    }
    return sb.toString();
  }
}
