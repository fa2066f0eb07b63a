package io.capas.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * capas-bom lists exactly the published modules: those of the root POM that build a javadoc jar
 * (the others set maven.javadoc.skip), nothing else.
 */
class BomContentsTest {
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern MANAGED =
      Pattern.compile("<groupId>io\\.capas</groupId><artifactId>([^<]+)</artifactId>");

  @Test
  void bomManagesEveryPublishedModuleAndNothingElse() throws IOException {
    Path root = Path.of("..");
    Set<String> published = new TreeSet<>();
    Matcher modules = MODULE.matcher(Files.readString(root.resolve("pom.xml"), UTF_8));
    while (modules.find()) {
      String pom = Files.readString(root.resolve(modules.group(1)).resolve("pom.xml"), UTF_8);
      boolean shipsNothing =
          pom.contains("<packaging>pom</packaging>")
              || pom.contains("<maven.javadoc.skip>true</maven.javadoc.skip>");
      if (!shipsNothing) {
        published.add(modules.group(1));
      }
    }
    Set<String> managed = new TreeSet<>();
    Matcher entries = MANAGED.matcher(Files.readString(root.resolve("capas-bom/pom.xml"), UTF_8));
    while (entries.find()) {
      managed.add(entries.group(1));
    }
    assertEquals(published, managed);
  }
}
