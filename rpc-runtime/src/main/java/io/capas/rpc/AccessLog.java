package io.capas.rpc;

import java.net.InetSocketAddress;
import java.util.Locale;

/** The access log of {@link RpcServer#accessLog}: one line per call. Thread-safe. */
final class AccessLog implements CallListener {
  static final String LOGGER_NAME = "io.capas.rpc.access";

  private static final System.Logger LOGGER = System.getLogger(LOGGER_NAME);

  @Override
  public void ended(CallContext context, Result result) {
    if (!LOGGER.isLoggable(System.Logger.Level.INFO)) {
      return;
    }
    LOGGER.log(System.Logger.Level.INFO, () -> line(context, result));
  }

  static String line(CallContext context, Result result) {
    String remote = context.remoteAddress().map(InetSocketAddress::toString).orElse("-");
    return String.format(
        Locale.ROOT,
        "%s %s %s %s %.3f ms %d %d",
        remote,
        context.binding(),
        printable(context.method()),
        result.succeeded() ? "ok" : "fault " + result.faultCode(),
        result.duration().toNanos() / 1e6,
        result.requestBytes(),
        result.responseBytes());
  }

  /** {@code text} with control characters as {@code ?}: a method name cannot forge log lines. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }
}
