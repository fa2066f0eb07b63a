package io.capas.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the consumer project honest: its main program holds the README's quickstart lines, in
 * order, and its POM takes capas versions from the BOM alone.
 */
class QuickstartSourceTest {
  private static final Path PROJECT = Path.of("src", "it", "quickstart");

  @Test
  void consumerMainHoldsTheReadmeQuickstartInOrder() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), UTF_8);
    int start = readme.indexOf("```java\ninterface Calculator");
    assertTrue(start >= 0, "README has no quickstart block starting with interface Calculator");
    int end = readme.indexOf("```", start + 7);
    List<String> snippet = lines(readme.substring(start + 7, end));
    assertFalse(snippet.isEmpty());
    List<String> main =
        lines(Files.readString(PROJECT.resolve("src/main/java/quickstart/Quickstart.java"), UTF_8));
    int at = 0;
    for (String line : snippet) {
      while (at < main.size() && !main.get(at).equals(line)) {
        at++;
      }
      assertTrue(at < main.size(), "README line not in Quickstart.java (in order): " + line);
      at++;
    }
  }

  @Test
  void consumerPomHasNoParentAndTakesCapasVersionsFromTheBomOnly() throws IOException {
    String pom = Files.readString(PROJECT.resolve("pom.xml"), UTF_8);
    assertFalse(pom.contains("<parent>"), "the consumer project must not inherit capas-parent");
    List<String> capasLines =
        pom.lines().filter(line -> line.contains("<groupId>io.capas</groupId>")).toList();
    assertEquals(3, capasLines.size(), "the BOM, rpc-runtime and transport-tcp: " + capasLines);
    for (String line : capasLines) {
      assertFalse(line.contains("<version>"), "a capas version outside the BOM: " + line);
    }
    assertTrue(pom.contains("<artifactId>capas-bom</artifactId>"));
    assertTrue(pom.contains("<scope>import</scope>"));
  }

  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
