package io.capas.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Content decoding of gzip (RFC 1952) and deflate (RFC 1950/1951) bodies from hostile peers:
 * concatenated members (issue 12, item 1), truncations, trailing bytes, corrupt trailers.
 */
class GzipDecodingTest {
  private static final byte[] EMPTY_MEMBER = ContentCoding.GZIP.encode(new byte[0]);

  @Test
  void twentyThousandEmptyMembersAreRefusedNotRecursedInto() {
    // gzip.compress(b"") * 20000: GZIPInputStream recursed once per member into a
    // StackOverflowError, which escaped every catch and killed the server's selector loop.
    byte[] body = repeat(EMPTY_MEMBER, 20_000);
    HttpException e =
        assertThrows(HttpException.class, () -> ContentCoding.GZIP.decode(body, 1 << 20));
    assertEquals(413, e.status().code());
    assertTrue(e.getMessage().contains("more than 64 gzip members"), e.getMessage());

    HttpException streamed =
        assertThrows(
            HttpException.class,
            () -> {
              try (InputStream in =
                  ContentCoding.GZIP.decodingStream(new ByteArrayInputStream(body), 1 << 20)) {
                in.readAllBytes();
              }
            });
    assertEquals(413, streamed.status().code());
  }

  @Test
  void aPostOfTwentyThousandEmptyMembersGetsA413FromThePushDecoderPath() throws IOException {
    byte[] body = repeat(EMPTY_MEMBER, 20_000);
    byte[] head =
        ("POST /RPC2 HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(US_ASCII);
    HttpRequest request =
        new RequestDecoder(HttpLimits.defaults())
            .decode(RequestDecoderTest.roomy(concat(head, body)))
            .orElseThrow();
    HttpException e = assertThrows(HttpException.class, () -> request.decodedBody(16 << 20));
    assertEquals(413, e.toResponse().status().code());
  }

  @Test
  void memberLimitIsNamedInHttpLimits() throws IOException {
    HttpLimits limits = HttpLimits.defaults().withMaxGzipMembers(3);
    assertEquals(64, HttpLimits.defaults().maxGzipMembers());
    byte[] three = repeat(EMPTY_MEMBER, 3);
    assertEquals(0, ContentCoding.GZIP.decode(three, limits).length);
    byte[] four = repeat(EMPTY_MEMBER, 4);
    assertEquals(
        413,
        assertThrows(HttpException.class, () -> ContentCoding.GZIP.decode(four, limits))
            .status()
            .code());
    assertThrows(IllegalArgumentException.class, () -> limits.withMaxGzipMembers(0));
  }

  @Test
  void membersWithinTheCapDecodeToTheConcatenation() throws IOException {
    byte[] body =
        concat(
            gzip("hello "),
            EMPTY_MEMBER,
            gzip("gzip "),
            member("members".getBytes(US_ASCII), "name", "comment", new byte[] {1, 2, 3}, true));
    assertEquals("hello gzip members", new String(ContentCoding.GZIP.decode(body, 100), US_ASCII));
    // Fed one byte at a time, the same.
    try (InputStream in =
        ContentCoding.GZIP.decodingStream(TricklingInputStream.of(body, 1, 1), 100)) {
      assertEquals("hello gzip members", new String(in.readAllBytes(), US_ASCII));
    }
    // 64 members, the default cap, are fine.
    byte[] sixtyFour = repeat(gzip("ab"), 64);
    assertEquals(128, ContentCoding.GZIP.decode(sixtyFour, 1000).length);
  }

  @Test
  void decodedLimitHoldsAcrossMembers() {
    byte[] body = repeat(gzip("x".repeat(1000)), 10);
    HttpException e =
        assertThrows(HttpException.class, () -> ContentCoding.GZIP.decode(body, 5000));
    assertEquals(413, e.status().code());
  }

  @Test
  void everyTruncationIsACorruptBodyOrAShorterWholeOne() throws IOException {
    byte[] first = gzip("first member");
    byte[] body = concat(first, gzip("second member"));
    for (int n = 0; n < body.length; n++) {
      byte[] prefix = Arrays.copyOf(body, n);
      if (n == first.length) {
        assertEquals("first member", new String(ContentCoding.GZIP.decode(prefix, 100), US_ASCII));
        continue;
      }
      HttpException e =
          assertThrows(
              HttpException.class, () -> ContentCoding.GZIP.decode(prefix, 100), "prefix " + n);
      assertEquals(400, e.status().code());
    }
  }

  @Test
  void trailingGarbageIsRefused() {
    byte[] body = concat(gzip("data"), "junk".getBytes(US_ASCII));
    HttpException e = assertThrows(HttpException.class, () -> ContentCoding.GZIP.decode(body, 100));
    assertEquals(400, e.status().code());
    assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    byte[] zlib = concat(ContentCoding.DEFLATE.encode(new byte[10]), new byte[] {1});
    assertEquals(
        400,
        assertThrows(HttpException.class, () -> ContentCoding.DEFLATE.decode(zlib, 100))
            .status()
            .code());
  }

  @Test
  void corruptHeadersAndTrailersAreRefused() {
    byte[] good = gzip("checked");
    byte[] badCrc = good.clone();
    badCrc[badCrc.length - 8] ^= 1;
    byte[] badSize = good.clone();
    badSize[badSize.length - 4] ^= 1;
    byte[] badMagic = good.clone();
    badMagic[1] = 0;
    byte[] badMethod = good.clone();
    badMethod[2] = 7;
    byte[] reservedFlag = good.clone();
    reservedFlag[3] = (byte) 0x20;
    byte[] badHeaderCrc = member("x".getBytes(US_ASCII), "n", null, null, true);
    badHeaderCrc[10] ^= 1; // the file name, covered by the header CRC
    for (byte[] corrupt :
        new byte[][] {badCrc, badSize, badMagic, badMethod, reservedFlag, badHeaderCrc}) {
      assertEquals(
          400,
          assertThrows(HttpException.class, () -> ContentCoding.GZIP.decode(corrupt, 100))
              .status()
              .code());
    }
  }

  @Test
  void deflateStillDecodesZlibAndRawAndBothKeepTheLimit() throws IOException {
    byte[] text = "deflate ".repeat(100).getBytes(US_ASCII);
    byte[] zlib = ContentCoding.DEFLATE.encode(text);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (var out =
        new DeflaterOutputStream(raw, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
      out.write(text);
    }
    for (byte[] body : new byte[][] {zlib, raw.toByteArray()}) {
      assertArrayEquals(text, ContentCoding.DEFLATE.decode(body, text.length));
      try (InputStream in =
          ContentCoding.DEFLATE.decodingStream(TricklingInputStream.of(body, 2, 3), text.length)) {
        assertArrayEquals(text, in.readAllBytes());
      }
      assertEquals(
          413,
          assertThrows(
                  HttpException.class, () -> ContentCoding.DEFLATE.decode(body, text.length - 1))
              .status()
              .code());
      for (int n = 0; n < body.length; n++) {
        byte[] prefix = Arrays.copyOf(body, n);
        assertEquals(
            400,
            assertThrows(HttpException.class, () -> ContentCoding.DEFLATE.decode(prefix, 1000))
                .status()
                .code(),
            "prefix " + n);
      }
    }
  }

  static byte[] gzip(String text) {
    return ContentCoding.GZIP.encode(text.getBytes(US_ASCII));
  }

  /** A gzip member with optional FNAME, FCOMMENT, FEXTRA and FHCRC (RFC 1952 §2.3). */
  static byte[] member(byte[] data, String name, String comment, byte[] extra, boolean headerCrc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int flags =
        (headerCrc ? 2 : 0)
            | (extra != null ? 4 : 0)
            | (name != null ? 8 : 0)
            | (comment != null ? 16 : 0);
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0, 0, 0, 0, 0, (byte) 255});
    if (extra != null) {
      out.write(extra.length & 0xff);
      out.write(extra.length >>> 8);
      out.writeBytes(extra);
    }
    if (name != null) {
      out.writeBytes(name.getBytes(US_ASCII));
      out.write(0);
    }
    if (comment != null) {
      out.writeBytes(comment.getBytes(US_ASCII));
      out.write(0);
    }
    if (headerCrc) {
      CRC32 crc = new CRC32();
      crc.update(out.toByteArray());
      out.write((int) crc.getValue() & 0xff);
      out.write((int) (crc.getValue() >>> 8) & 0xff);
    }
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(data);
    deflater.finish();
    byte[] buf = new byte[data.length + 64];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    CRC32 crc = new CRC32();
    crc.update(data);
    writeIntLe(out, (int) crc.getValue());
    writeIntLe(out, data.length);
    return out.toByteArray();
  }

  private static void writeIntLe(ByteArrayOutputStream out, int v) {
    for (int i = 0; i < 4; i++) {
      out.write(v >>> (8 * i));
    }
  }

  static byte[] repeat(byte[] unit, int times) {
    byte[] out = new byte[unit.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(unit, 0, out, i * unit.length, unit.length);
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
