package io.capas.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.reflect.TypeToken;
import io.capas.rpc.Client;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.rpc.TypeAdapter;
import io.capas.rpc.TypeMapping;
import io.capas.rpc.ValueConversionException;
import io.capas.rpc.XmlRpcMethod;
import io.capas.rpc.XmlRpcName;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** docs/guide/types.md: domain types through a server and a client. */
class TypesGuideTest {

  // guide:begin types
  record Point(int x, int y) {}

  enum Color {
    RED,
    @XmlRpcName("dark-blue")
    DARK_BLUE
  }

  record Shape(String name, List<Point> points, Optional<String> note, Color color) {}

  interface ShapesApi {
    Shape move(Shape shape, int dx);
  }

  public static final class Shapes implements ShapesApi {
    @Override
    @XmlRpcMethod(help = "Moves a shape right by dx.")
    public Shape move(Shape shape, int dx) {
      List<Point> moved = shape.points().stream().map(p -> new Point(p.x() + dx, p.y())).toList();
      return new Shape(shape.name(), moved, shape.note(), shape.color());
    }
  }

  // guide:end types

  @Test
  void domainTypesTravelAsStructsArraysAndStrings() {
    try (RpcServer server =
            RpcServer.http(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), 0)
                .addObject("shapes", new Shapes())
                .addMethod("echo", params -> params.get(0))
                .start();
        Client client = Client.connect(server.url())) {
      // guide:begin calls
      Shape shape =
          new Shape("line", List.of(new Point(0, 0), new Point(1, 1)), Optional.empty(), Color.RED);
      Shape moved = client.proxy("shapes", ShapesApi.class).move(shape, 3);
      // the same call, plain: what a Python or Apache peer sends and receives
      Object wire =
          client.call(
              "shapes.move", Map.of("name", "dot", "points", List.of(), "color", "dark-blue"), 1);
      List<Point> points =
          client.call(new TypeToken<List<Point>>() {}, "echo", List.of(new Point(1, 2)));
      // guide:end calls
      assertEquals(List.of(new Point(3, 0), new Point(4, 1)), moved.points());
      assertEquals(
          Map.of("name", "dot", "points", List.of(), "color", "dark-blue"),
          assertInstanceOf(Map.class, wire));
      assertEquals(List.of(new Point(1, 2)), points);
      RpcFault bad =
          assertThrows(
              RpcFault.class,
              () ->
                  client.call(
                      "shapes.move",
                      Map.of(
                          "name",
                          "x",
                          "points",
                          List.of(Map.of("x", "7a", "y", 1)),
                          "color",
                          "RED"),
                      1));
      assertEquals(-32602, bad.code());
      assertTrue(bad.faultString().contains("points[0].x"), bad.faultString());
    }
  }

  @Test
  void adaptersAndDescribe() {
    // guide:begin adapter
    TypeMapping mapping =
        TypeMapping.builder()
            .adapter(
                TypeAdapter.of(
                    UUID.class, "string", UUID::toString, wire -> UUID.fromString((String) wire)))
            .build();
    RpcServer server =
        RpcServer.http(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), 0)
            .typeMapping(mapping) // before the methods: they resolve their types when added
            .addMethod("next", UUID.class, id -> new UUID(id.getMostSignificantBits(), 1))
            .start();
    Client client = Client.connect(server.url()).withTypeMapping(mapping);
    // guide:end adapter
    try (server;
        client) {
      UUID id = new UUID(7, 0);
      assertEquals(new UUID(7, 1), client.call(UUID.class, "next", id));
      // guide:begin describe
      System.out.println(mapping.describe(Shape.class)); // the whole mapping of a type
      // guide:end describe
      assertTrue(mapping.describe(Shape.class).contains("points"));
      ValueConversionException e =
          assertThrows(
              ValueConversionException.class, () -> mapping.fromWire("not a uuid", UUID.class));
      assertTrue(e.getMessage().contains("not a uuid") || e.getMessage().contains("UUID"));
    }
  }
}
