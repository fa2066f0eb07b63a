package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line as UTF-8, whatever the locale. The JDK decodes {@code argv} with {@code
 * sun.jnu.encoding}, which follows the locale: under {@code LC_ALL=C} or with no {@code LANG} at
 * all (cron, systemd units, most container images) that is ASCII, and every non-ASCII byte becomes
 * U+FFFD before {@code main} runs; {@code -Dsun.jnu.encoding=UTF-8} does not change it. The bytes
 * are still in {@code /proc/self/cmdline} on Linux: when the JDK's encoding is not UTF-8, the
 * arguments are decoded again from there. Elsewhere (no {@code /proc}), they are left as they are;
 * the {@code capas} launcher runs the JVM under a UTF-8 locale anyway.
 */
final class Argv {
  /** {@code /proc/self/cmdline} is read only when it is at most this long. */
  private static final long MAX_CMDLINE_BYTES = 16 << 20;

  private Argv() {}

  /** {@code args} as the UTF-8 bytes the process was given, when they can be read again. */
  static String[] utf8(String[] args) {
    String jnu = System.getProperty("sun.jnu.encoding", "UTF-8");
    if (args.length == 0 || jnu.equalsIgnoreCase("UTF-8") || jnu.equalsIgnoreCase("UTF8")) {
      return args;
    }
    try {
      Path cmdline = Path.of("/proc/self/cmdline");
      if (!Files.isReadable(cmdline) || Files.size(cmdline) > MAX_CMDLINE_BYTES) {
        return args;
      }
      return lastArguments(Files.readAllBytes(cmdline), args);
    } catch (IOException | RuntimeException e) {
      return args; // no better source: keep what the JDK decoded
    }
  }

  /**
   * The last {@code args.length} NUL-terminated strings of {@code cmdline}, decoded as UTF-8, if
   * they match {@code args} where those are ASCII; otherwise {@code args}.
   */
  static String[] lastArguments(byte[] cmdline, String[] args) {
    List<String> all = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < cmdline.length; i++) {
      if (cmdline[i] == 0) {
        all.add(new String(cmdline, start, i - start, UTF_8));
        start = i + 1;
      }
    }
    if (start < cmdline.length) {
      all.add(new String(cmdline, start, cmdline.length - start, UTF_8));
    }
    if (all.size() < args.length) {
      return args;
    }
    String[] decoded = all.subList(all.size() - args.length, all.size()).toArray(String[]::new);
    for (int i = 0; i < args.length; i++) {
      if (!sameWhereAscii(args[i], decoded[i])) {
        return args; // not the same command line (a wrapper changed it): trust the JDK
      }
    }
    return decoded;
  }

  /**
   * Whether an ASCII-only {@code jdk} string equals {@code utf8}; a non-ASCII one is not compared.
   */
  private static boolean sameWhereAscii(String jdk, String utf8) {
    return !jdk.chars().allMatch(c -> c < 0x80) || jdk.equals(utf8);
  }
}
