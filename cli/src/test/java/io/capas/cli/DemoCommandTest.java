package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code capas demo} prints the course's calls with the course's results. */
class DemoCommandTest {

  @Test
  void replaysTheCourseCallsWithTheCourseResults() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        DemoCommand.run(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    String printed = out.toString(UTF_8);
    assertEquals(0, exit, () -> err.toString(UTF_8));
    List<String> lines = printed.lines().toList();
    for (String expected :
        List.of(
            "conn.suma(2, 3)  -> 5",
            "is_even(2)  -> \"Par\"",
            "addtogether(\"x\", \"y\", \"z\")  -> \"xyz\"",
            "addtogether(1, 2, 3, 4, 5)  -> 15",
            "quadratic(2, -4, 0)  -> [0.0, 8.0]",
            "quadratic(1, 2, 1)  -> [-1.0]",
            "system.listMethods()  -> [\"addtogether\", \"quadratic\", \"remote_repr\","
                + " \"system.listMethods\", \"system.methodHelp\", \"system.methodSignature\","
                + " \"system.getCapabilities\", \"system.multicall\"]",
            "system.methodSignature(\"quadratic\")  -> [[\"array\", \"double\", \"double\","
                + " \"double\"]]",
            "system.methodHelp(\"quadratic\")  -> \"Determine `x` values satisfying: `a` * x*x +"
                + " `b` * x + c == 0\"",
            "system.multicall([addtogether(\"a\", \"b\", \"c\"), quadratic(2, -4, 0),"
                + " remote_repr([1, 2.0, \"three\"])])  -> [\"abc\", [0.0, 8.0], [1, 2.0,"
                + " \"three\"]]")) {
      assertTrue(lines.contains(expected), () -> "missing: " + expected + "\n" + printed);
    }
    // The course's part comes first, then capas serve's methods.
    assertTrue(
        printed.indexOf("quadratic(2, -4, 0)") < printed.indexOf("capas serve's example methods"),
        printed);
  }
}
