package io.capas.guide.migration.capas;

// guide:begin supplier
import io.capas.rpc.RpcServer;
import java.util.function.Supplier;

/** Named by web.xml's capas.server: the servlet starts this server and closes it on destroy. */
public final class CalculatorServer implements Supplier<RpcServer> {
  @Override
  public RpcServer get() {
    return RpcServer.embedded().addObject("Calculator", new Calculator()); // not started
  }
}
// guide:end supplier
