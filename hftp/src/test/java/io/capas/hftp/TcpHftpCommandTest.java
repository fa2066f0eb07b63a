package io.capas.hftp;

import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;

/** The hftp command over real loopback sockets: serve, then ls and get byte for byte. */
class TcpHftpCommandTest extends HftpCommandTest {
  @Override
  Transport newTransport() {
    return new TcpTransport(TcpConfig.defaults(), HostResolver.system());
  }
}
