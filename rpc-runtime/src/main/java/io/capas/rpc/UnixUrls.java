package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.transport.Endpoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The two URL forms of XML-RPC over HTTP on a Unix domain socket, in one place:
 *
 * <ul>
 *   <li>{@code unix:///path/to.sock}: the whole path names the socket, and the HTTP path is {@code
 *       /RPC2}, as supervisorctl's {@code serverurl} means it;
 *   <li>{@code http+unix://%2Fpath%2Fto.sock/RPC2}: the socket path percent-encoded as the
 *       authority (optionally after {@code user:password@}), then the HTTP path and query (the form
 *       of Python's requests-unixsocket).
 * </ul>
 */
final class UnixUrls {
  private UnixUrls() {}

  /** Longest socket path accepted ({@code sun_path} holds 108 bytes with its NUL). */
  private static final int MAX_PATH_BYTES = 107;

  /** A parsed URL: the socket, the HTTP path (with query), and the user information if any. */
  record UnixUrl(Endpoint endpoint, String httpPath, String userInfo) {}

  /**
   * Parses {@code url} when its scheme is {@code unix} or {@code http+unix}; empty for other
   * schemes.
   *
   * @throws IllegalArgumentException a malformed URL of these schemes
   */
  static Optional<UnixUrl> parse(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("unix:")) {
      checkArgument(lower.startsWith("unix:///"), "expected unix:///path/to.sock, got %s", url);
      String path = url.substring("unix://".length());
      return Optional.of(new UnixUrl(endpoint(path, url), "/RPC2", ""));
    }
    if (!lower.startsWith("http+unix://")) {
      return Optional.empty();
    }
    String rest = url.substring("http+unix://".length());
    int slash = rest.indexOf('/');
    int question = rest.indexOf('?');
    int end = slash < 0 ? rest.length() : slash;
    if (question >= 0 && question < end) {
      end = question;
    }
    String authority = rest.substring(0, end);
    String userInfo = "";
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      userInfo = decode(authority.substring(0, at), url);
      authority = authority.substring(at + 1);
    }
    checkArgument(
        !authority.isEmpty(),
        "no socket in %s: expected http+unix://%%2Fpath%%2Fto.sock/RPC2",
        url);
    String httpPath = rest.substring(end);
    if (httpPath.isEmpty() || httpPath.startsWith("?")) {
      httpPath = "/" + httpPath;
    }
    return Optional.of(new UnixUrl(endpoint(decode(authority, url), url), httpPath, userInfo));
  }

  /** {@code http+unix://} and the percent-encoded path of {@code endpoint}. */
  static String format(Endpoint endpoint, String httpPath) {
    StringBuilder out = new StringBuilder("http+unix://");
    for (byte b : endpoint.unixPath().toString().getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.append(httpPath).toString();
  }

  /** The Unix endpoint of an absolute socket {@code path} taken from {@code url}, checked. */
  static Endpoint socket(String path, String url) {
    return endpoint(path, url);
  }

  private static Endpoint endpoint(String path, String url) {
    checkArgument(path.startsWith("/"), "the socket path in %s is not absolute: %s", url, path);
    checkArgument(
        path.getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES,
        "the socket path in %s is longer than %s bytes",
        url,
        MAX_PATH_BYTES);
    checkArgument(path.indexOf('\0') < 0, "NUL in the socket path of %s", url);
    return Endpoint.unix(Path.of(path));
  }

  /** Strict percent-decoding (RFC 3986 §2.1) as UTF-8; {@code +} stays {@code +}. */
  private static String decode(String text, String url) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      int percent = text.indexOf('%', i);
      int end = percent < 0 ? text.length() : percent;
      byte[] plain = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
      bytes.write(plain, 0, plain.length);
      if (percent < 0) {
        break;
      }
      checkArgument(percent + 2 < text.length(), "bad percent-encoding in %s", url);
      int hi = Character.digit(text.charAt(percent + 1), 16);
      int lo = Character.digit(text.charAt(percent + 2), 16);
      checkArgument(hi >= 0 && lo >= 0, "bad percent-encoding in %s", url);
      bytes.write(hi * 16 + lo);
      i = percent + 3;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
