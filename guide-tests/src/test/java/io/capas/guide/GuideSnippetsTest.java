package io.capas.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the guide's code honest: every fenced code block of {@code docs/guide/*.md} is preceded by
 * a {@code <!-- snippet: SOURCE -->} line naming where it comes from, and must equal it.
 *
 * <ul>
 *   <li>{@code path#name}: the lines between {@code guide:begin name} and {@code guide:end name} in
 *       {@code path} (relative to the repository root), indentation removed; these regions sit in
 *       this module's tests, which compile and run them.
 *   <li>{@code path}: the block's lines (each stripped) appear, in a row, in {@code path}: for
 *       commands of the README and configuration files that other tests use.
 * </ul>
 *
 * <p>README.md's blocks that carry the same marker are checked too. After editing a region, {@code
 * -Dguide.update=true} rewrites the Markdown blocks from their regions.
 */
class GuideSnippetsTest {
  private static final Path ROOT = Path.of("..");
  private static final Path GUIDE = ROOT.resolve("docs/guide");
  private static final Pattern MARKER = Pattern.compile("^<!-- snippet: (\\S+) -->$");
  private static final int MAX_BLOCKS = 1000;
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)\\s]+)?\\)");

  @Test
  void everyGuideBlockEqualsItsSource() throws IOException {
    List<Path> pages;
    try (Stream<Path> files = Files.list(GUIDE)) {
      pages = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    assertFalse(pages.isEmpty(), "no pages in " + GUIDE);
    int checked = 0;
    for (Path page : pages) {
      checked += check(page, ROOT, true, Boolean.getBoolean("guide.update"));
    }
    assertTrue(checked >= pages.size(), "only " + checked + " blocks checked");
  }

  @Test
  void markedReadmeBlocksEqualTheirSources() throws IOException {
    assertTrue(
        check(ROOT.resolve("README.md"), ROOT, false, Boolean.getBoolean("guide.update")) >= 1,
        "README lost its marked BOM block");
  }

  @Test
  void everyPageIsLinkedFromTheGuideIndex() throws IOException {
    String index = Files.readString(GUIDE.resolve("README.md"), UTF_8);
    try (Stream<Path> files = Files.list(GUIDE)) {
      for (Path page : files.filter(p -> p.toString().endsWith(".md")).toList()) {
        String name = page.getFileName().toString();
        assertTrue(
            name.equals("README.md") || index.contains("(" + name + ")"),
            "docs/guide/README.md does not link " + name);
      }
    }
  }

  @Test
  void everyRelativeLinkOfTheGuideResolves() throws IOException {
    List<Path> pages;
    try (Stream<Path> files = Files.list(GUIDE)) {
      pages = files.filter(p -> p.toString().endsWith(".md")).toList();
    }
    for (Path page : pages) {
      Matcher link = LINK.matcher(Files.readString(page, UTF_8));
      while (link.find()) {
        String target = link.group(1);
        if (target.contains("://")) {
          continue;
        }
        Path file = target.isEmpty() ? page : page.resolveSibling(target).normalize();
        assertTrue(Files.exists(file), page + ": broken link " + link.group());
        if (link.group(2) != null) {
          String anchor = link.group(2).substring(1);
          boolean found =
              Files.readString(file, UTF_8)
                  .lines()
                  .filter(line -> line.startsWith("#"))
                  .map(GuideSnippetsTest::slug)
                  .anyMatch(anchor::equals);
          assertTrue(found, page + ": no heading for " + link.group());
        }
      }
    }
  }

  /** GitHub's anchor of a Markdown heading line. */
  private static String slug(String heading) {
    return heading
        .replaceFirst("^#+\\s*", "")
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9 _-]", "")
        .replace(' ', '-');
  }

  @Test
  void checkerRefusesADifferentBlockAndUpdateRewritesIt(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("Foo.java"),
        "class Foo {\n  void f() {\n    // guide:begin call\n    g(1);\n    // guide:end call\n  }\n}\n");
    Path page = dir.resolve("page.md");
    Files.writeString(page, "Text.\n\n<!-- snippet: Foo.java#call -->\n```java\ng(2);\n```\n");
    assertThrows(AssertionError.class, () -> check(page, dir, true, false));
    assertEquals(1, check(page, dir, true, true));
    assertEquals(1, check(page, dir, true, false));
    assertTrue(Files.readString(page, UTF_8).contains("```java\ng(1);\n```"));
  }

  @Test
  void checkerRefusesAnUnmarkedBlockAndLinesMissingFromTheNamedFile(@TempDir Path dir)
      throws IOException {
    Path unmarked = dir.resolve("unmarked.md");
    Files.writeString(unmarked, "```bash\nmvn -B verify\n```\n");
    assertThrows(AssertionError.class, () -> check(unmarked, dir, true, false));
    assertEquals(0, check(unmarked, dir, false, false));
    Files.writeString(dir.resolve("commands.txt"), "one\n  mvn -B verify\nthree\n");
    Path contained = dir.resolve("contained.md");
    Files.writeString(contained, "<!-- snippet: commands.txt -->\n```bash\nmvn -B verify\n```\n");
    assertEquals(1, check(contained, dir, true, false));
    Files.writeString(contained, "<!-- snippet: commands.txt -->\n```bash\nmvn -B install\n```\n");
    assertThrows(AssertionError.class, () -> check(contained, dir, true, false));
  }

  /**
   * Checks (or, in update mode, rewrites) the marked blocks of {@code page}; returns how many were
   * checked.
   */
  private static int check(Path page, Path root, boolean everyBlockMarked, boolean update)
      throws IOException {
    List<String> lines = new ArrayList<>(Files.readString(page, UTF_8).lines().toList());
    boolean changed = false;
    int blocks = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("```") || lines.get(i).equals("```")) {
        continue;
      }
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).equals("```")) {
        end++;
      }
      assertTrue(end < lines.size(), page + ":" + (i + 1) + ": unclosed code block");
      assertTrue(blocks < MAX_BLOCKS, page + ": too many blocks");
      Optional<String> spec = marker(lines, i);
      String where = page + ":" + (i + 1);
      if (spec.isEmpty()) {
        assertFalse(everyBlockMarked, where + ": a code block without <!-- snippet: ... -->");
        i = end;
        continue;
      }
      blocks++;
      List<String> block = lines.subList(i + 1, end);
      String source = spec.get();
      int hash = source.indexOf('#');
      if (hash < 0) {
        assertContained(where, block, read(root.resolve(source)), source);
      } else {
        List<String> region =
            region(read(root.resolve(source.substring(0, hash))), source.substring(hash + 1));
        if (!block.equals(region)) {
          if (update) {
            block.clear();
            block.addAll(region);
            changed = true;
            end = i + 1 + region.size();
          } else {
            assertEquals(
                String.join("\n", region),
                String.join("\n", block),
                where + ": block differs from " + source + " (-Dguide.update=true rewrites it)");
          }
        }
      }
      i = end;
    }
    if (changed) {
      Files.writeString(page, String.join("\n", lines) + "\n", UTF_8);
    }
    return blocks;
  }

  private static Optional<String> marker(List<String> lines, int fence) {
    for (int j = fence - 1; j >= 0; j--) {
      String line = lines.get(j).strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = MARKER.matcher(line);
      return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
    return Optional.empty();
  }

  private static List<String> read(Path file) throws IOException {
    assertTrue(Files.isRegularFile(file), "no such source " + file);
    return Files.readString(file, UTF_8).lines().toList();
  }

  /** The lines strictly between the begin and end markers of {@code name}, dedented. */
  static List<String> region(List<String> file, String name) {
    int begin = -1;
    for (int i = 0; i < file.size(); i++) {
      String tokens = file.get(i).strip();
      if (tokens.endsWith("guide:begin " + name) || tokens.contains("guide:begin " + name + " ")) {
        begin = i;
      } else if (begin >= 0
          && (tokens.endsWith("guide:end " + name) || tokens.contains("guide:end " + name + " "))) {
        return dedent(file.subList(begin + 1, i));
      }
    }
    fail("no region guide:begin/end " + name);
    return List.of();
  }

  private static List<String> dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
    }
    // google-java-format wants a blank line before an end marker that follows a member
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    while (!out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    return out;
  }

  private static void assertContained(
      String where, List<String> block, List<String> file, String source) {
    List<String> wanted = block.stream().map(String::strip).toList();
    List<String> have = file.stream().map(String::strip).toList();
    assertFalse(wanted.isEmpty(), where + ": empty block");
    for (int start = 0; start + wanted.size() <= have.size(); start++) {
      if (have.subList(start, start + wanted.size()).equals(wanted)) {
        return;
      }
    }
    fail(
        where + ": these lines are not, in a row, in " + source + ":\n" + String.join("\n", block));
  }
}
