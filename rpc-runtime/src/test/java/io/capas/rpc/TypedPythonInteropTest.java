package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.TypedFixtures.Color;
import io.capas.rpc.TypedFixtures.Everything;
import io.capas.rpc.TypedFixtures.Point;
import io.capas.rpc.TypedFixtures.Shape;
import io.capas.rpc.TypedFixtures.Shapes;
import io.capas.testing.process.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Typed values (issue 15) with Python 3's xmlrpc both ways: its client calls typed capas methods
 * and sees plain structs, arrays and strings; a capas typed proxy calls SimpleXMLRPCServer.
 */
class TypedPythonInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void pythonClientCallsTypedCapasMethods() throws Exception {
    try (RpcServer server = TypedFixtures.server().addObject("shapes", new Shapes()).start();
        ChildProcess python =
            ChildProcess.start(
                List.of(
                    "python3", ChildProcess.script("/interop/typed_client.py"), server.url()))) {
      ChildProcess.Result result = python.await(WAIT);
      assertEquals(0, result.exit(), result::toString);
      assertTrue(result.stdout().contains("PASS"), result::toString);
    }
  }

  /** The Python server's methods, each an echo under its own name. */
  interface PythonEcho {
    Everything echo(Everything value);

    Shape echoShape(Shape shape);

    List<Point> echoList(List<Point> points);

    int[] echoInts(int[] values);

    Map<String, Color> echoColors(Map<String, Color> colors);

    Optional<Point> echoMaybe(Optional<Point> point);

    List<Point> points(int n);

    List<Point> badPoints();
  }

  @Test
  void typedProxyCallsPythonServer() throws Exception {
    try (ChildProcess python =
        ChildProcess.start(List.of("python3", ChildProcess.script("/interop/typed_server.py")))) {
      int port = Integer.parseInt(python.readLine(WAIT).trim());
      try (Client client =
          HttpClientSettings.builder().endpoint("127.0.0.1", port).timeout(WAIT).build().client()) {
        PythonEcho py = client.proxy(PythonEcho.class);
        // Python writes ints beyond 32 bits as an error, so the long stays small here.
        Everything small = withLong(TypedFixtures.everything(), 7);
        assertEquals(small, py.echo(small));
        Shape shape =
            new Shape(
                "tri",
                List.of(new Point(0, 0), new Point(1, 1)),
                Optional.empty(),
                Color.GREEN,
                1.0,
                3);
        assertEquals(shape, py.echoShape(shape));
        assertEquals(List.of(new Point(1, 2)), py.echoList(List.of(new Point(1, 2))));
        assertArrayEquals(new int[] {1, -2}, py.echoInts(new int[] {1, -2}));
        assertEquals(Map.of("sky", Color.DARK_BLUE), py.echoColors(Map.of("sky", Color.DARK_BLUE)));
        assertEquals(Optional.empty(), py.echoMaybe(Optional.empty()));
        assertEquals(Optional.of(new Point(1, 2)), py.echoMaybe(Optional.of(new Point(1, 2))));
        assertEquals(List.of(new Point(0, 0), new Point(1, -1)), py.points(2));
        RpcException e = assertThrows(RpcException.class, py::badPoints);
        assertEquals(RpcException.Kind.PROTOCOL, e.kind());
        ValueConversionException cause =
            assertInstanceOf(ValueConversionException.class, e.getCause());
        assertEquals("result[1].x: expected int, got string \"7a\"", cause.getMessage());
      }
    }
  }

  private static Everything withLong(Everything e, long l) {
    return new Everything(
        e.i(),
        e.boxed(),
        l,
        e.s(),
        e.b(),
        e.f(),
        e.d(),
        e.bool(),
        e.c(),
        e.str(),
        e.decimal(),
        e.integer(),
        e.buffer(),
        e.localDateTime(),
        e.date(),
        e.instant(),
        e.offsetDateTime(),
        e.zonedDateTime(),
        e.list(),
        e.set(),
        e.collection(),
        e.map(),
        e.present(),
        e.absent(),
        e.color());
  }
}
