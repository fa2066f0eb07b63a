package io.capas.rpc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgiResponseReaderTest {
  private static CgiResponseReader.Response read(String wire) throws IOException {
    return new CgiResponseReader(new ByteArrayInputStream(wire.getBytes(US_ASCII)), 256, 100)
        .read();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // rTorrent's answer
        "Status: 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 4\r\n\r\nhola",
        // RFC 3875 §6: NL line ends; no Status means 200; no length runs to the end
        "Content-Type: text/xml\n\nhola",
        "Status: 200 OK\r\nContent-Type: text/xml\r\n\r\nhola",
      })
  void readsTheResponsesPeersSend(String wire) throws IOException {
    CgiResponseReader.Response response = read(wire);
    assertEquals(200, response.status());
    assertEquals("hola", new String(response.body(), US_ASCII));
    CgiResponseReader.Response trickled =
        new CgiResponseReader(oneByteAtATime(wire.getBytes(US_ASCII)), 256, 100).read();
    assertEquals("hola", new String(trickled.body(), US_ASCII));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Status: 401 Unauthorized\r\nWWW-Authenticate: Basic\r\n\r\n",
        "Status: 401\r\n\r\n",
      })
  void readsAnErrorStatus(String wire) throws IOException {
    assertEquals(401, read(wire).status());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "no colon\r\n\r\n",
        "Status: OK\r\n\r\n",
        "Content-Length: -1\r\n\r\n",
        "Content-Length: 101\r\n\r\n",
        "Content-Type: text/xml\r\n\r\n", // with a body of 101 bytes, appended below
      })
  void refusesMalformedOrOversizedResponses(String wire) {
    String withBody = wire.startsWith("Content-Type") ? wire + "x".repeat(101) : wire;
    assertThrows(ProtocolException.class, () -> read(withBody));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Status: 200 OK\r\n", "Content-Length: 10\r\n\r\nhola"})
  void refusesTruncatedResponses(String wire) {
    assertThrows(EOFException.class, () -> read(wire));
  }

  @ParameterizedTest
  @ValueSource(ints = {300, 5000})
  void refusesAHeadOverItsLimit(int length) {
    assertThrows(ProtocolException.class, () -> read("X: " + "y".repeat(length) + "\r\n\r\n"));
  }

  /** A stream whose every read returns at most one byte. */
  private static InputStream oneByteAtATime(byte[] data) {
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    return new InputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return in.read(b, off, Math.min(len, 1));
      }
    };
  }
}
