package io.capas.transport.tcp;

class PoolUnixTransportConformanceTest extends AbstractUnixTransportConformanceTest {

  @Override
  protected TcpConfig.Builder model() {
    return TcpConfig.builder().pool(4);
  }
}
