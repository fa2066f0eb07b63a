package io.capas.rpc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.capas.transport.Connection;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A raw HTTP/1.1 peer for tests: sends bytes, reads one response at a time. */
final class RawHttp {
  // A test's view of one response: the body bytes as read, never compared or shared.
  record Response(String head, @SuppressWarnings("ArrayRecordComponent") byte[] body) {
    int status() {
      return Integer.parseInt(head.substring(9, 12));
    }

    String header(String name) {
      for (String line : head.split("\r\n", -1)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return "";
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private RawHttp() {}

  static String post(String path, String body, String... headers) {
    StringBuilder b = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: test\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    b.append("Content-Type: text/xml\r\nContent-Length: ")
        .append(body.getBytes(StandardCharsets.UTF_8).length)
        .append("\r\n\r\n")
        .append(body);
    return b.toString();
  }

  static String call(String method, String... intParams) {
    StringBuilder b =
        new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>")
            .append(method)
            .append("</methodName><params>");
    for (String p : intParams) {
      b.append("<param><value><int>").append(p).append("</int></value></param>");
    }
    return b.append("</params></methodCall>").toString();
  }

  /** Reads one response (Content-Length bodies only). */
  static Response read(Connection c) throws IOException {
    InputStream in = c.input();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int i = 0; i < 65536 && matched < 4; i++) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("end of stream in head: " + head.toString(ISO_8859_1));
      }
      head.write(b);
      matched =
          (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
    }
    String text = head.toString(ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n", -1)) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return new Response(text, c.receiveExactly(length));
  }
}
