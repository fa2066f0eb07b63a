package io.capas.cli;

import io.capas.hftp.HftpCommand;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code capas hftp ...}: the HFTP command over TCP. It parses its own arguments ({@code capas hftp
 * --help} is its usage), so every word after {@code hftp} is handed to it as it is.
 */
@Command(
    name = "hftp",
    description = "The HFTP client and server (capas hftp --help lists its commands).")
final class HftpBridge implements Callable<Integer> {
  private final Main.Io io;

  @Parameters(paramLabel = "ARG", description = "The HFTP command and its arguments.")
  List<String> args = new ArrayList<>();

  HftpBridge(Main.Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    return new HftpCommand(new TcpTransport(TcpConfig.defaults(), HostResolver.system()))
        .run(args.toArray(String[]::new), io.out(), io.err());
  }
}
