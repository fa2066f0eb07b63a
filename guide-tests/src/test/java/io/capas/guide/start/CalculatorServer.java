package io.capas.guide.start;

// guide:begin server
import io.capas.rpc.RpcServer;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;

public final class CalculatorServer {
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
    RpcServer server =
        RpcServer.http(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), port)
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
    System.out.println(server.url()); // http://localhost:8000/RPC2
    server.serve(); // until the process stops
  }
}
// guide:end server
