package io.capas.hftp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ResponseEncoder} and its client-side mirror {@link ResponseReader}. */
class ResponseCodecTest {

  private static final int CHUNK = ResponseEncoder.SLICE_CHUNK;

  @TempDir Path dir;

  private static String ascii(ByteArrayOutputStream out) {
    return out.toString(US_ASCII);
  }

  @Test
  void encodesStatusLines() throws IOException {
    assertEquals("0 OK\r\n", new String(ResponseEncoder.statusLine(HftpStatus.OK), US_ASCII));
    assertEquals(
        "201 INVALID ARGUMENTS FOR COMMAND\r\n",
        new String(ResponseEncoder.statusLine(HftpStatus.INVALID_ARGUMENTS), US_ASCII));
    assertEquals(
        "203 OFFSET EXCEEDS FILE SIZE\r\n",
        new String(ResponseEncoder.statusLine(HftpStatus.OFFSET_EXCEEDS_FILE_SIZE), US_ASCII));
  }

  @ParameterizedTest
  @EnumSource(HftpStatus.class)
  void readsBackEveryStatus(HftpStatus status) throws IOException {
    ResponseReader reader =
        new ResponseReader(new ByteArrayInputStream(ResponseEncoder.statusLine(status)));
    assertEquals(status, reader.readStatus());
  }

  @Test
  void encodesListingAndMetadata() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseEncoder.writeListing(out, List.of("a.txt", "b"));
    assertEquals("a.txt\r\nb\r\n\r\n", ascii(out));
    out.reset();
    ResponseEncoder.writeListing(out, List.of());
    assertEquals("\r\n", ascii(out));
    out.reset();
    ResponseEncoder.writeMetadata(out, 1234567890123L);
    assertEquals("1234567890123\r\n", ascii(out));
  }

  @ParameterizedTest
  @ValueSource(
      ints = {0, 1, 2, 3, 4, CHUNK - 1, CHUNK, CHUNK + 1, CHUNK + 2, 3 * CHUNK + 2, 100_000})
  void encodesSlicesAsPaddedBase64AndReadsThemBack(int size) throws IOException {
    byte[] content = randomBytes(size + 10, size);
    Path file = Files.write(dir.resolve("f"), content);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FileChannel channel = FileChannel.open(file)) {
      ResponseEncoder.writeSlice(out, channel, 7, size);
    }
    byte[] expectedBytes = Arrays.copyOfRange(content, 7, 7 + size);
    assertEquals(Base64.getEncoder().encodeToString(expectedBytes) + "\r\n", ascii(out));

    // read back byte by byte (TricklingInputStream) and in one go
    for (boolean trickle : new boolean[] {false, true}) {
      byte[] wire = out.toByteArray();
      ResponseReader reader =
          new ResponseReader(
              trickle ? TricklingInputStream.of(wire, size, 3) : new ByteArrayInputStream(wire));
      ByteArrayOutputStream decoded = new ByteArrayOutputStream();
      reader.readSlice(size, decoded);
      assertArrayEquals(expectedBytes, decoded.toByteArray());
    }
  }

  @Test
  void sliceOfAFileThatShrankIsAnEofNotShortData() throws IOException {
    Path file = Files.write(dir.resolve("f"), new byte[10]);
    try (FileChannel channel = FileChannel.open(file)) {
      assertThrows(
          EOFException.class,
          () -> ResponseEncoder.writeSlice(new ByteArrayOutputStream(), channel, 5, 6));
    }
  }

  @Test
  void readerRefusesMalformedResponses() {
    assertThrows(ProtocolException.class, () -> reader("0 OK\n").readStatus());
    assertThrows(ProtocolException.class, () -> reader("0 OK\rX").readStatus());
    assertThrows(ProtocolException.class, () -> reader("7 SEVEN\r\n").readStatus());
    assertThrows(ProtocolException.class, () -> reader("OK\r\n").readStatus());
    assertThrows(ProtocolException.class, () -> reader(" 0 OK\r\n").readStatus());
    assertThrows(ProtocolException.class, () -> reader("0".repeat(300) + "\r\n").readStatus());
    assertThrows(EOFException.class, () -> reader("0 O").readStatus());
    assertThrows(ProtocolException.class, () -> reader("a\u001b[2Jb\r\n").readLine(100));
    assertThrows(ProtocolException.class, () -> reader("a\0b\r\n").readLine(100));
    // a slice must be exactly the base64 of the size asked for
    assertThrows(ProtocolException.class, () -> reader("aGVsbG8=\r\n").readSlice(4, sink()));
    assertThrows(ProtocolException.class, () -> reader("aGVsbA==\r\n").readSlice(5, sink()));
    assertThrows(ProtocolException.class, () -> reader("aGVsbG8=X\r\n").readSlice(5, sink()));
    assertThrows(ProtocolException.class, () -> reader("aGV!bG8=\r\n").readSlice(5, sink()));
    assertThrows(EOFException.class, () -> reader("aGVsb").readSlice(5, sink()));
  }

  /** Names reach terminals: a C1 control (0x9B is CSI) or any other non-ASCII byte is refused. */
  @ParameterizedTest
  @ValueSource(ints = {0x80, 0x9B, 0x9F, 0xC3, 0xFF})
  void readerRefusesNonAsciiBytesInLines(int b) {
    byte[] wire = {'a', (byte) b, '2', 'J', '.', 't', 'x', 't', '\r', '\n'};
    ResponseReader reader = new ResponseReader(new ByteArrayInputStream(wire));
    assertThrows(ProtocolException.class, () -> reader.readLine(100));
  }

  /** A status code is written in canonical decimal: no sign, no leading zero. */
  @ParameterizedTest
  @ValueSource(strings = {"+0 OK", "-0 OK", "00 OK", "0202 FILE NOT FOUND", "+202 FILE NOT FOUND"})
  void readerRefusesNonCanonicalStatusCodes(String line) {
    assertThrows(ProtocolException.class, () -> reader(line + "\r\n").readStatus());
  }

  @Test
  void readsLinesUpToTheirLimit() throws IOException {
    ResponseReader reader = reader("abc\r\n\r\nabcd\r\n");
    assertEquals("abc", reader.readLine(3));
    assertEquals("", reader.readLine(3));
    assertThrows(ProtocolException.class, () -> reader.readLine(3));
  }

  private static ResponseReader reader(String wire) {
    return new ResponseReader(new ByteArrayInputStream(wire.getBytes(US_ASCII)));
  }

  private static ByteArrayOutputStream sink() {
    return new ByteArrayOutputStream();
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
