/**
 * The transport SPI the upper layers program against.
 *
 * <p>A {@link io.capas.transport.Dialer} opens client {@link io.capas.transport.Connection}s (the
 * one method the client side of every binding needs); a {@link io.capas.transport.Transport} is a
 * dialer that also serves push {@link io.capas.transport.Session}s; a {@link
 * io.capas.transport.MessageTransport} carries whole request/response messages. Which
 * implementation runs (TCP under one of its server models, reliable UDP, in memory in tests) is
 * decided where the Dagger component is assembled; the layers above never name one.
 *
 * <p>The socket primitives built on the same JDK calls live in {@link io.capas.socket}; the
 * machinery that transport implementations share to run sessions lives in {@code
 * io.capas.transport.internal} and is not API.
 */
@NullMarked
package io.capas.transport;

import org.jspecify.annotations.NullMarked;
