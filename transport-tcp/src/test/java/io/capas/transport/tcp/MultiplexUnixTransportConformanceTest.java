package io.capas.transport.tcp;

class MultiplexUnixTransportConformanceTest extends AbstractUnixTransportConformanceTest {

  @Override
  protected TcpConfig.Builder model() {
    return TcpConfig.builder().model(TcpConfig.Model.MULTIPLEX);
  }
}
