package io.capas.transport;

import java.net.InetSocketAddress;

/** One received datagram and its sender. The array is owned by the receiver. */
public record Datagram(byte[] data, InetSocketAddress sender) {}
