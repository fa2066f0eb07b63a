/**
 * The XML-RPC codec: {@code <methodCall>}, {@code <methodResponse>} and faults to and from values,
 * straight from an {@code InputStream} and straight to an {@code OutputStream}. Pure: no sockets,
 * threads, logging or injection; HTTP and framing are other layers' business.
 *
 * <p>Parsing uses a hand-written pull parser over the XML subset XML-RPC needs (no DTD code path at
 * all, limits on depth, elements, string length, document size and collection size); see {@link
 * io.capas.xmlrpc.MethodCallReader} for what is accepted and refused. Values use the plain Java
 * mapping described in {@link io.capas.xmlrpc.XmlRpcValue}, which is also the typed model.
 *
 * <pre>{@code
 * MethodResponse response;
 * try {
 *   MethodCall call = MethodCallReader.create().read(requestBody); // the whole body stream
 *   response = MethodResponse.success(dispatch(call.methodName(), call.params()));
 * } catch (XmlRpcException e) {
 *   response = e.toFault(); // -32700, -32701, -32702 or -32600
 * }
 * MethodResponseWriter.create().write(response, responseBody);  // UTF-8, straight to the stream
 * }</pre>
 */
@NullMarked
package io.capas.xmlrpc;

import org.jspecify.annotations.NullMarked;
