package io.capas.hftp;

import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Transport;

/** HFTP over the in-memory transport (a virtual thread per connection). */
class InMemoryHftpTest extends AbstractHftpEndToEndTest {
  @Override
  protected Transport newTransport() {
    return InMemoryTransport.create();
  }
}
