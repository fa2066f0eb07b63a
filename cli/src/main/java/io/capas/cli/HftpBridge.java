package io.capas.cli;

import io.capas.hftp.HftpCommand;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.PrintStream;

/** {@code capas hftp ...}: the HFTP command over TCP. */
final class HftpBridge {
  private HftpBridge() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    return new HftpCommand(new TcpTransport(TcpConfig.defaults(), HostResolver.system()))
        .run(args, out, err);
  }
}
