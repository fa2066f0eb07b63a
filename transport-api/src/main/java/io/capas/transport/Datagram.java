package io.capas.transport;

import java.net.InetSocketAddress;

/** One received datagram and its sender. The array is owned by the receiver. */
public record Datagram(
    // The received bytes are handed over without a copy; the public API exposes the array itself.
    @SuppressWarnings("ArrayRecordComponent") byte[] data, InetSocketAddress sender) {}
