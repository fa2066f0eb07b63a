/**
 * Blocking socket primitives in the LuaSocket style: a {@link io.capas.socket.TcpMaster} becomes a
 * client by {@code connect} or a server by {@code bind}/{@code listen}; {@link
 * io.capas.socket.UdpSocket} sends and receives datagrams; {@link io.capas.socket.Dns} answers name
 * lookups; {@link io.capas.socket.UnixClient} and {@link io.capas.socket.UnixListener} are Unix
 * domain stream sockets ({@code AF_UNIX}) with the same bounded reads. They are the JDK sockets
 * behind {@link io.capas.transport.Dialer#system()}, and a small library of their own for programs
 * that want plain sockets with bounded reads.
 *
 * <pre>{@code
 * try (TcpClient client = TcpMaster.create().connect("localhost", 7)) {
 *   client.sendAll("hola\n".getBytes(US_ASCII));
 *   String echoed = client.receiveLine(1024);
 * }
 * }</pre>
 */
@NullMarked
package io.capas.socket;

import org.jspecify.annotations.NullMarked;
