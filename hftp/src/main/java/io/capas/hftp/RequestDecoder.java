package io.capas.hftp;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.hftp.RequestLine.Word;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Splits the bytes a client pushes into request lines, one byte at a time, whatever the packets.
 *
 * <pre>
 *   request = word *( SP word ) CR LF      word = *( %x21-7E )
 *   get_slice SP file.txt SP 0 SP 1024 CR LF
 * </pre>
 *
 * <p>Every space separates two words, so a doubled, leading or trailing space yields an empty word
 * (which the {@link RequestParser} refuses). Refused at once, fatally: a {@code LF} that does not
 * follow a {@code CR} ({@code 100 BAD EOL}); a {@code CR} not followed by {@code LF}, any other
 * control or non-ASCII byte, or a line longer than {@link HftpLimits#maxLineLength()} ({@code 101
 * BAD REQUEST}).
 *
 * <p>Memory stays bounded whatever the line: of each word only the first {@link
 * HftpLimits#maxWordLength()} bytes are kept, of the words only the first {@link #MAX_KEPT_WORDS},
 * and the rest is counted. The word buffer starts at {@link #INITIAL_WORD_BYTES} and grows only as
 * a word needs, so a connection between lines, or inside a short one, costs a few dozen bytes.
 * Every byte offered is consumed.
 *
 * <p>Not thread-safe; one instance per connection. After a {@link RequestException} the decoder is
 * spent (the connection is to be closed).
 */
final class RequestDecoder {

  /**
   * The longest request, {@code get_slice FILE OFFSET SIZE}, has four words; one more is plenty.
   */
  static final int MAX_KEPT_WORDS = 5;

  /** Room for any command word; longer words grow the buffer, for their line only. */
  static final int INITIAL_WORD_BYTES = 32;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte SP = ' ';

  private final HftpLimits limits;
  private final List<Word> words = new ArrayList<>(MAX_KEPT_WORDS);

  /** The kept bytes of the current word; grows as needed up to the word limit. */
  private byte[] word = new byte[INITIAL_WORD_BYTES];

  private int wordKept;
  private long wordLength;
  private int wordCount;
  private long lineLength;
  private boolean afterCr;
  private boolean failed;

  RequestDecoder(HftpLimits limits) {
    this.limits = limits;
  }

  /**
   * Reads bytes until one whole line has been read (then returns it, leaving the rest of {@code
   * in}) or {@code in} is used up (then returns empty, remembering the partial line).
   *
   * @throws RequestException with {@code 100 BAD EOL} or {@code 101 BAD REQUEST}
   */
  Optional<RequestLine> decode(ByteBuffer in) throws RequestException {
    if (failed) {
      throw new IllegalStateException("decoder failed before; the connection must be closed");
    }
    while (in.hasRemaining()) {
      byte b = in.get();
      if (afterCr) {
        if (b != LF) {
          throw fail(HftpStatus.BAD_REQUEST, "CR not followed by LF");
        }
        return Optional.of(endLine());
      }
      if (b == CR) {
        afterCr = true;
        continue;
      }
      if (b == LF) {
        throw fail(HftpStatus.BAD_EOL, "LF without CR before it");
      }
      if (++lineLength > limits.maxLineLength()) {
        throw fail(
            HftpStatus.BAD_REQUEST,
            "request line longer than " + limits.maxLineLength() + " bytes");
      }
      if (b == SP) {
        endWord();
      } else if (b > SP && b < 0x7F) {
        if (wordKept < limits.maxWordLength()) {
          if (wordKept == word.length) {
            word = Arrays.copyOf(word, Math.min(limits.maxWordLength(), 2 * word.length));
          }
          word[wordKept++] = b;
        }
        wordLength++;
      } else {
        throw fail(HftpStatus.BAD_REQUEST, String.format("byte 0x%02x in request", b & 0xFF));
      }
    }
    return Optional.empty();
  }

  /** Whether part of a line has been read and not yet ended. */
  boolean inLine() {
    return lineLength > 0 || afterCr;
  }

  /** The bytes of buffer this decoder holds right now. */
  int retainedBytes() {
    return word.length;
  }

  private RequestException fail(HftpStatus status, String detail) {
    failed = true;
    return new RequestException(status, detail);
  }

  private void endWord() {
    if (words.size() < MAX_KEPT_WORDS) {
      words.add(new Word(new String(word, 0, wordKept, US_ASCII), wordLength));
    }
    wordCount++;
    wordKept = 0;
    wordLength = 0;
  }

  private RequestLine endLine() {
    endWord();
    RequestLine line = new RequestLine(words, wordCount);
    words.clear();
    wordCount = 0;
    lineLength = 0;
    if (word.length > INITIAL_WORD_BYTES) {
      word = new byte[INITIAL_WORD_BYTES]; // a long word's buffer is not kept past its line
    }
    afterCr = false;
    return line;
  }
}
