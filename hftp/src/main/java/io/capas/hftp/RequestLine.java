package io.capas.hftp;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * One request line split at its spaces, as the {@link RequestDecoder} read it: the first {@link
 * RequestDecoder#MAX_KEPT_WORDS} words, each possibly truncated, and how many words there were.
 * Immutable and thread-safe.
 */
record RequestLine(List<Word> words, int wordCount) {

  RequestLine {
    words = List.copyOf(words);
    checkArgument(!words.isEmpty(), "a line has at least one (maybe empty) word");
    checkArgument(wordCount >= words.size(), "wordCount %s < kept words", wordCount);
  }

  static RequestLine of(String... words) {
    return new RequestLine(List.of(words).stream().map(Word::of).toList(), words.length);
  }

  /**
   * A word of a request line: its first bytes (printable ASCII) and its full length.
   *
   * @param text the word, or its first bytes when it was longer than the word limit
   * @param length the word's real length in bytes
   */
  record Word(String text, long length) {
    Word {
      checkArgument(length >= text.length(), "length %s < kept %s", length, text.length());
    }

    static Word of(String text) {
      return new Word(text, text.length());
    }

    /** Whether only the beginning of the word was kept. */
    boolean truncated() {
      return length > text.length();
    }
  }
}
