package io.capas.hftp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.capas.hftp.RequestLine.Word;
import io.capas.transport.Connection;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any bytes, in any chunking, to each HFTP decoder: within the limits, or a typed refusal.
 *
 * <p>An input is {@code TARGET SEED PARAM BYTES...}: {@code TARGET} (mod 3) picks what reads {@code
 * BYTES}, {@code SEED} seeds the chunking (and the client's requests), {@code PARAM} tunes the
 * target. The targets:
 *
 * <ol start="0">
 *   <li>the server's {@link RequestDecoder} then {@link RequestParser}: refusals are {@link
 *       RequestException}s, fatal ({@code 1xx}) from the decoder, not fatal from the parser; lines
 *       keep at most {@link RequestDecoder#MAX_KEPT_WORDS} words of at most the word limit; the
 *       decoder's buffer stays within the word limit;
 *   <li>a whole {@link HftpSession} over a small directory, on a connection that is backlogged past
 *       {@code PARAM * 256} bytes: nothing escapes it (every bad request is answered with a
 *       status), it holds no buffer once done;
 *   <li>the client ({@link HftpClient} and its {@link ResponseReader}) reading {@code BYTES} as the
 *       server's answers to up to four requests: refusals are {@link HftpStatusException} (the
 *       server said no: the client goes on unless the status is fatal), {@link ProtocolException}
 *       (malformed) or {@link EOFException} (cut short); what it returns is within its limits.
 * </ol>
 */
class HftpCoverageFuzzTest {

  private static final int MAX_LINE = 256;
  private static final int MAX_WORD = 16;
  private static final HftpLimits LIMITS = new HftpLimits(MAX_LINE, MAX_WORD, Duration.ZERO);
  private static final int HEADER = 3;

  /** Bounds the transport's part: onWritable calls per input. */
  private static final int MAX_RESUMPTIONS = 10_000;

  @TempDir static Path dir;

  private static FileStore files;

  @BeforeAll
  static void files() throws IOException {
    Files.writeString(dir.resolve("hello.txt"), "hello, world\n");
    Files.write(dir.resolve("empty"), new byte[0]);
    Files.write(dir.resolve("big"), ResponseCodecTest.randomBytes(100_000, 1));
    files = new FileStore(dir);
  }

  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "6s")
  void decodesWithinTheLimitsOrRefuses(byte[] input) throws IOException {
    if (input.length < HEADER) {
      return;
    }
    int seed = input[1] & 0xFF;
    int param = input[2] & 0xFF;
    byte[] bytes = Arrays.copyOfRange(input, HEADER, input.length);
    switch ((input[0] & 0xFF) % 3) {
      case 0 -> requests(bytes, seed);
      case 1 -> session(bytes, seed, param);
      default -> responses(bytes, seed, param);
    }
  }

  private static void requests(byte[] bytes, int seed) {
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    try {
      for (ByteBuffer chunk : chunks(bytes, seed)) {
        for (Optional<RequestLine> line = decoder.decode(chunk);
            line.isPresent();
            line = decoder.decode(chunk)) {
          check(line.get());
          parse(line.get());
        }
        assertThat(!chunk.hasRemaining(), "a chunk left unconsumed without a line");
        assertThat(
            decoder.retainedBytes() <= Math.max(MAX_WORD, RequestDecoder.INITIAL_WORD_BYTES),
            "decoder holds " + decoder.retainedBytes() + " bytes");
      }
    } catch (RequestException e) {
      assertThat(e.status().fatal(), "a decoder refusal is fatal: " + e.status());
    }
  }

  private static void check(RequestLine line) {
    assertThat(line.words().size() <= RequestDecoder.MAX_KEPT_WORDS, "kept " + line.words());
    long length = line.wordCount() - 1L;
    for (Word word : line.words()) {
      assertThat(word.text().length() <= MAX_WORD, "word past the limit: " + word);
      assertThat(word.text().chars().allMatch(c -> c > ' ' && c < 0x7F), "bad byte in " + word);
      length += word.length();
    }
    assertThat(length <= MAX_LINE, "line of " + length + " bytes past the limit");
  }

  private static void parse(RequestLine line) {
    try {
      Request request = RequestParser.parse(line);
      assertThat(request != null, "no request");
    } catch (RequestException e) {
      assertThat(!e.status().fatal(), "a parser refusal is not fatal: " + e.status());
    }
  }

  /** Drives a session as a queuing transport does; nothing may escape it. */
  private static void session(byte[] bytes, int seed, int param) throws IOException {
    RecordingSessionContext context = new RecordingSessionContext().backlogPast(param * 256L);
    HftpSession session = new HftpSession(context, files, LIMITS);
    ByteBuffer unconsumed = ByteBuffer.allocate(0);
    for (ByteBuffer chunk : chunks(bytes, seed)) {
      if (context.closed()) {
        break;
      }
      ByteBuffer data = ByteBuffer.allocate(unconsumed.remaining() + chunk.remaining());
      data.put(unconsumed).put(chunk).flip();
      session.onData(data);
      unconsumed = data;
      for (int i = 0; i < MAX_RESUMPTIONS && !context.closed() && context.writeBacklogged(); i++) {
        context.drain();
        session.onWritable();
      }
    }
    assertThat(!unconsumed.hasRemaining() || context.closed(), "bytes left unconsumed");
    if (!context.closed()) {
      context.drain();
      session.onWritable();
      session.onEndOfStream();
    }
    session.onClose();
    assertThat(
        session.retainedBufferBytes() <= Math.max(MAX_WORD, RequestDecoder.INITIAL_WORD_BYTES),
        "a closed session holds " + session.retainedBufferBytes() + " bytes");
  }

  /** The client reads {@code bytes} as the answers to up to four requests {@code seed} picks. */
  private static void responses(byte[] bytes, int seed, int sliceSize) {
    HftpClient client = new HftpClient(new FakeConnection(bytes));
    try {
      for (int i = 0; i < 4; i++) {
        try {
          switch ((seed >> (2 * i)) & 3) {
            case 0 -> {
              List<String> names = client.listFiles();
              for (String name : names) {
                assertThat(
                    !name.isEmpty() && name.length() <= HftpClient.MAX_NAME_LENGTH, "name " + name);
                assertThat(name.chars().allMatch(c -> c >= 0x20 && c < 0x7F), "bad name " + name);
              }
            }
            case 1 -> assertThat(client.metadata("hello.txt") >= 0, "negative size");
            case 2 -> {
              byte[] slice = client.slice("hello.txt", 0, sliceSize);
              assertThat(slice.length == sliceSize, slice.length + " bytes, not " + sliceSize);
            }
            default -> client.quit();
          }
        } catch (HftpStatusException e) {
          assertThat(e.status() != HftpStatus.OK, "refused with 0 OK");
          if (e.status().fatal()) {
            return;
          }
        }
      }
    } catch (ProtocolException | EOFException e) {
      // a typed refusal is a correct answer
    } catch (IOException e) {
      throw new AssertionError("untyped IOException from the client", e);
    } finally {
      client.close();
    }
  }

  /** Chunks of 1 to 64 bytes, sizes drawn from {@code seed}. */
  private static List<ByteBuffer> chunks(byte[] bytes, int seed) {
    Random random = new Random(seed);
    List<ByteBuffer> chunks = new ArrayList<>();
    for (int at = 0; at < bytes.length; ) {
      int size = Math.min(bytes.length - at, 1 + random.nextInt(64));
      chunks.add(ByteBuffer.wrap(Arrays.copyOfRange(bytes, at, at + size)));
      at += size;
    }
    return chunks;
  }

  private static void assertThat(boolean condition, String problem) {
    if (!condition) {
      throw new AssertionError(problem);
    }
  }

  /** A connection whose peer sent {@code bytes}, then ended its stream; what is sent is lost. */
  private static final class FakeConnection implements Connection {
    private final InputStream input;

    FakeConnection(byte[] bytes) {
      this.input = new ByteArrayInputStream(bytes);
    }

    @Override
    public InputStream input() {
      return input;
    }

    @Override
    public OutputStream output() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public void sendAll(byte[] data) {}

    @Override
    public byte[] receiveExactly(int n) {
      throw new UnsupportedOperationException("the client reads through input()");
    }

    @Override
    public String receiveLine(int maxLength) {
      throw new UnsupportedOperationException("the client reads through input()");
    }

    @Override
    public byte[] receiveSome(int max) {
      throw new UnsupportedOperationException("the client reads through input()");
    }

    @Override
    public void readTimeout(Duration timeout) {}

    @Override
    public InetSocketAddress localAddress() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), HftpServer.DEFAULT_PORT);
    }

    @Override
    public void shutdownOutput() {}

    @Override
    public void close() {}
  }
}
