/**
 * Socket primitives in the style of the course API (LuaSocket-like) and the transport SPI that the
 * upper layers program against.
 *
 * <p>Primitives: a {@link io.capas.transport.TcpMaster} becomes a client by {@code connect} or a
 * server by {@code bind}/{@code listen}; {@link io.capas.transport.UdpSocket} sends and receives
 * datagrams; {@link io.capas.transport.Dns} answers name lookups.
 *
 * <p>SPI: a {@link io.capas.transport.Transport} opens client {@link
 * io.capas.transport.Connection}s and serves push {@link io.capas.transport.Session}s; a {@link
 * io.capas.transport.MessageTransport} carries whole request/response messages. Which
 * implementation runs is decided where the Dagger component is assembled.
 *
 * <pre>{@code
 * try (TcpClient client = TcpMaster.create().connect("localhost", 7)) {
 *   client.sendAll("hola\n".getBytes(US_ASCII));
 *   String echoed = client.receiveLine(1024);
 * }
 * }</pre>
 */
@NullMarked
package io.capas.transport;

import org.jspecify.annotations.NullMarked;
