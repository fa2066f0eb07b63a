package io.capas.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the README's socket API example, and checks that the README still shows these lines. */
class ReadmeSocketSnippetTest {

  @Test
  void socketExampleRuns() throws IOException {
    String line;
    byte[] three;
    // README socket example begins
    try (TcpServer server = TcpMaster.create().bind("127.0.0.1", 0).listen(32);
        TcpClient client = TcpMaster.create().connect("127.0.0.1", server.port());
        TcpClient peer = server.accept()) {
      client.sendAll("hola\n".getBytes(StandardCharsets.US_ASCII)); // a send loop, never partial
      line = peer.receiveLine(1024); // "hola"
      peer.sendAll(new byte[] {1, 2, 3});
      three = client.receiveExactly(3); // recvall, or EOFException
    }
    // README socket example ends
    assertEquals("hola", line);
    assertArrayEquals(new byte[] {1, 2, 3}, three);
  }

  @Test
  void readmeShowsTheExample() throws IOException {
    String source =
        Files.readString(
            Path.of("src/test/java/io/capas/socket/ReadmeSocketSnippetTest.java"), UTF_8);
    String example =
        source.substring(
            source.indexOf("// README socket example begins") + 31,
            source.indexOf("    // README socket example ends"));
    List<String> readme =
        Files.readString(Path.of("..", "README.md"), UTF_8).lines().map(String::strip).toList();
    for (String wanted : example.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      assertTrue(readme.contains(wanted), "README lacks the line: " + wanted);
    }
  }
}
