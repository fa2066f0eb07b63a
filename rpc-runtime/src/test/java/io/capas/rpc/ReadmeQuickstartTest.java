package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's quickstart honest: every line of its Java block must appear, in order, in
 * {@link QuickstartTest}, which compiles and runs it.
 */
class ReadmeQuickstartTest {

  @Test
  void readmeQuickstartIsTheCodeThatQuickstartTestRuns() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), UTF_8);
    int start = readme.indexOf("```java\ninterface Calculator");
    assertTrue(start >= 0, "README has no quickstart block starting with interface Calculator");
    int end = readme.indexOf("```", start + 7);
    List<String> snippet = lines(readme.substring(start + 7, end));
    assertFalse(snippet.isEmpty());
    assertTrue(
        snippet.size() <= 10, "the quickstart must stay within ten lines: " + snippet.size());
    List<String> test =
        lines(Files.readString(Path.of("src/test/java/io/capas/rpc/QuickstartTest.java"), UTF_8));
    int at = 0;
    for (String line : snippet) {
      while (at < test.size() && !test.get(at).equals(line)) {
        at++;
      }
      assertTrue(at < test.size(), "README line not in QuickstartTest (in order): " + line);
      at++;
    }
  }

  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
