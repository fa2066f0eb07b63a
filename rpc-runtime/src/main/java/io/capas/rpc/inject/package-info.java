/**
 * Dagger 2 modules that assemble an RPC stack: pick one binding module ({@link
 * io.capas.rpc.inject.XmlRpcHttpModule}, {@link io.capas.rpc.inject.XmlRpcFramedModule}, {@link
 * io.capas.rpc.inject.XmlRpcMessageModule}) and a transport module, and the component hands out an
 * {@link io.capas.rpc.inject.RpcServerFactory} and a {@link io.capas.rpc.inject.ClientFactory}
 * whose servers and clients both go through that transport. Swapping the transport module swaps
 * both sides. Users who never use Dagger never touch this package.
 */
@NullMarked
package io.capas.rpc.inject;

import org.jspecify.annotations.NullMarked;
