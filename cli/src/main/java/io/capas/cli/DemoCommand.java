package io.capas.cli;

import io.capas.examples.CourseXmlRpc;
import io.capas.examples.IsEven;
import io.capas.examples.Suma;
import io.capas.rpc.Client;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.transport.tcp.TcpConfig;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capas demo}: first replays the course's calls with the course's arguments against the
 * course's own servers (module {@code examples}: the XML-RPC library's {@code suma}, the report's
 * {@code is_even}, the slides' {@code addtogether} and {@code quadratic} with introspection and a
 * multicall), printing the course's results; then starts a server with the {@link ExampleMethods}
 * of {@code capas serve} and calls each of them (plain calls, introspection, a multicall and two
 * faults). Each server runs on a free loopback port in this process.
 */
@Command(
    name = "demo",
    description =
        "Replay the course's calls, then serve the example methods in this process and call"
            + " each of them.")
final class DemoCommand implements Callable<Integer> {
  private static final String LOOPBACK = "127.0.0.1";

  private final Main.Io io;

  DemoCommand(Main.Io io) {
    this.io = io;
  }

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    return run(io.out(), io.err());
  }

  static int run(PrintStream out, PrintStream err) {
    try {
      courseCalls(out);
    } catch (RpcException e) {
      err.println("capas demo: " + Main.oneLine(e));
      return Main.FAILURE;
    }
    out.println();
    XmlRpcHttpTcpComponent stack =
        DaggerXmlRpcHttpTcpComponent.factory().create(TcpConfig.defaults());
    try (RpcServer server =
            ExampleMethods.register(stack.servers().create(Endpoint.of("localhost", 0))).start();
        Client client = stack.clients().connect(Endpoint.of("localhost", server.port()))) {
      out.println("capas serve's example methods, XML-RPC server at " + server.url());
      show(out, client, "suma", 2.5, 0.5);
      show(out, client, "addtogether", 1, 2, 3, 4);
      show(out, client, "addtogether", "hola", " ", "mundo");
      show(out, client, "quadratic", 1, -3, 2);
      show(out, client, "quadratic", 1, 2, 1);
      show(out, client, "quadratic", 1, 0, 1);
      Map<String, Object> struct = new LinkedHashMap<>();
      struct.put("name", "capas");
      struct.put("when", LocalDateTime.of(1998, 7, 17, 14, 8, 55));
      struct.put("bytes", new byte[] {0, 1, 2});
      struct.put("list", List.of(1, 2.5, true, "x"));
      show(out, client, "echo", struct);
      show(out, client, "system.listMethods");
      show(out, client, "system.methodHelp", "quadratic");
      List<MethodResponse> batch =
          client.multicall(
              List.of(
                  MethodCall.of("suma", 1, 1),
                  MethodCall.of("addtogether", "a", "b"),
                  MethodCall.of("nope")));
      out.println(
          "system.multicall([suma(1, 1), addtogether(\"a\", \"b\"), nope()])  -> "
              + Json.write(shown(batch)));
      show(out, client, "suma", 1, "two");
      show(out, client, "nope");
      return Main.OK;
    } catch (RpcException e) {
      err.println("capas demo: " + Main.oneLine(e));
      return Main.FAILURE;
    }
  }

  /** The course's calls, each against the course's server, with the course's results. */
  private static void courseCalls(PrintStream out) {
    try (RpcServer suma = Suma.server(LOOPBACK, 0).start();
        RpcServer isEven = IsEven.server(LOOPBACK, 0).start();
        RpcServer slides = CourseXmlRpc.server(LOOPBACK, 0).start();
        Client sumaClient = Client.connect(LOOPBACK, suma.port());
        Client isEvenClient = Client.connect(LOOPBACK, isEven.port());
        Client slidesClient = Client.connect(LOOPBACK, slides.port())) {
      out.println("The course's calls (capas example NAME runs each program; examples/README.md):");
      out.println();
      out.println("XML-RPC library example (suma-server), " + suma.url());
      int sum = sumaClient.proxy(Suma.Calculator.class).suma(2, 3);
      out.println("conn.suma(2, 3)  -> " + Json.write(sum));
      out.println();
      out.println("The report's is_even server (is-even-server), " + isEven.url());
      show(out, isEvenClient, "is_even", 2);
      out.println();
      out.println("The slides' XML-RPC server (xmlrpc-server), " + slides.url());
      show(out, slidesClient, "addtogether", "x", "y", "z");
      show(out, slidesClient, "addtogether", 1, 2, 3, 4, 5);
      show(out, slidesClient, "quadratic", 2, -4, 0);
      out.println(
          "    (the course's formula (-b +/- sqrt(b*b - 4.0*a*c)) / 2.0*a multiplies by a after"
              + " dividing by 2.0: the roots of 2x^2 - 4x are 0.0 and 2.0)");
      show(out, slidesClient, "quadratic", 1, 2, 1);
      show(out, slidesClient, "system.listMethods");
      show(out, slidesClient, "system.methodSignature", "quadratic");
      show(out, slidesClient, "system.methodHelp", "quadratic");
      List<MethodResponse> batch =
          slidesClient.multicall(
              List.of(
                  MethodCall.of("addtogether", "a", "b", "c"),
                  MethodCall.of("quadratic", 2, -4, 0),
                  MethodCall.of("remote_repr", List.of(1, 2.0, "three"))));
      out.println(
          "system.multicall([addtogether(\"a\", \"b\", \"c\"), quadratic(2, -4, 0),"
              + " remote_repr([1, 2.0, \"three\"])])  -> "
              + Json.write(shown(batch)));
    }
  }

  /** Each answer of a multicall: its value, or its fault as a struct. */
  private static List<Object> shown(List<MethodResponse> batch) {
    List<Object> shown = new ArrayList<>();
    for (MethodResponse r : batch) {
      shown.add(
          r instanceof MethodResponse.Success s
              ? s.value()
              : Map.of(
                  "faultCode", r.asFault().orElseThrow().code(),
                  "faultString", r.asFault().orElseThrow().message()));
    }
    return shown;
  }

  private static void show(
      PrintStream out, Client client, String method, @Nullable Object... params) {
    List<String> args = new ArrayList<>();
    for (Object p : params) {
      args.add(Json.write(p));
    }
    String call = method + "(" + String.join(", ", args) + ")";
    try {
      out.println(call + "  -> " + Json.write(client.call(method, params)));
    } catch (RpcFault fault) {
      out.println(call + "  -> fault " + fault.code() + ": " + Main.printable(fault.faultString()));
    }
  }
}
