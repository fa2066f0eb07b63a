package io.capas.guide.migration.capas;

// guide:begin server
import io.capas.rpc.RpcServer;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;

public final class AddServer {
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
    RpcServer server =
        RpcServer.http(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), port)
            .addMethod("add", Integer.class, Integer.class, (a, b) -> a + b)
            .start(); // introspection and multicall are built in
    System.out.println(server.port()); // the port, for whoever started it
    server.serve();
  }
}
// guide:end server
