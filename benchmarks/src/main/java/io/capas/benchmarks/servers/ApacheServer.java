package io.capas.benchmarks.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.server.XmlRpcNoSuchHandlerException;
import org.apache.xmlrpc.server.XmlRpcServer;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.server.XmlRpcStreamServer;
import org.apache.xmlrpc.util.ThreadPool;
import org.apache.xmlrpc.webserver.WebServer;

/**
 * Apache XML-RPC 3.1.3's own {@link WebServer} serving the benchmark's methods ({@code suma},
 * {@code echo}) with keep-alive on, as a reference peer for {@code bench/run.py}.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.capas.benchmarks.servers.ApacheServer PORT
 * }</pre>
 *
 * <p>The handlers are plain {@link XmlRpcHandler}s (no reflection), Apache's fastest path, and
 * answer the unqualified names the other servers use.
 */
public final class ApacheServer {

  private ApacheServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    WebServer web =
        new WebServer(port, InetAddress.getLoopbackAddress()) {
          // Apache leaves Nagle on, which stalls every multi-segment response on the peer's
          // delayed ACK (~40 ms); switched off so that the comparison measures XML-RPC, not that.
          @Override
          protected ThreadPool.Task newTask(WebServer server, XmlRpcStreamServer rpc, Socket socket)
              throws IOException {
            socket.setTcpNoDelay(true);
            return super.newTask(server, rpc, socket);
          }
        };
    XmlRpcServer server = web.getXmlRpcServer();
    XmlRpcHandler suma =
        request -> (Integer) request.getParameter(0) + (Integer) request.getParameter(1);
    XmlRpcHandler echo = request -> request.getParameter(0);
    server.setHandlerMapping(
        name ->
            switch (name) {
              case "suma" -> suma;
              case "echo" -> echo;
              default -> throw new XmlRpcNoSuchHandlerException("No such handler: " + name);
            });
    XmlRpcServerConfigImpl config = (XmlRpcServerConfigImpl) server.getConfig();
    config.setKeepAliveEnabled(true);
    config.setEnabledForExtensions(false);
    web.start();
    System.out.println("ready " + port);
  }
}
