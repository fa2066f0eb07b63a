package io.capas.cli;

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
 * {@code capas demo}: starts a server with the {@link ExampleMethods} on a free port in this
 * process and calls each of them (a typed proxy, plain calls, introspection, a multicall and two
 * faults) through the client, printing each call and its result.
 */
@Command(
    name = "demo",
    description = "Serve the example methods in this process and call each of them.")
final class DemoCommand implements Callable<Integer> {
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

  /** A typed proxy of {@code suma}, to show the proxy beside the plain calls. */
  interface Summing {
    Object suma(Object a, Object b);
  }

  static int run(PrintStream out, PrintStream err) {
    XmlRpcHttpTcpComponent stack =
        DaggerXmlRpcHttpTcpComponent.factory().create(TcpConfig.defaults());
    try (RpcServer server =
            ExampleMethods.register(stack.servers().create(Endpoint.of("localhost", 0))).start();
        Client client = stack.clients().connect(Endpoint.of("localhost", server.port()))) {
      out.println("capas demo: XML-RPC server at " + server.url());
      out.println();
      Summing summing = client.proxy(Summing.class);
      out.println("conn.suma(2, 3)  -> " + Json.write(summing.suma(2, 3)));
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
      List<Object> shown = new ArrayList<>();
      for (MethodResponse r : batch) {
        shown.add(
            r instanceof MethodResponse.Success s
                ? s.value()
                : Map.of(
                    "faultCode", r.asFault().orElseThrow().code(),
                    "faultString", r.asFault().orElseThrow().message()));
      }
      out.println(
          "system.multicall([suma(1, 1), addtogether(\"a\", \"b\"), nope()])  -> "
              + Json.write(shown));
      show(out, client, "suma", 1, "two");
      show(out, client, "nope");
      return Main.OK;
    } catch (RpcException e) {
      err.println("capas demo: " + Main.oneLine(e));
      return Main.FAILURE;
    }
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
