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
 * MethodCall call = MethodCallReader.create().read(requestBody);      // throws XmlRpcException
 * Object result = dispatch(call.methodName(), call.params());
 * MethodResponseWriter.create().write(MethodResponse.success(result), responseBody);
 *
 * // on bad input: answer with the fault the exception carries
 * } catch (XmlRpcException e) {
 *   MethodResponseWriter.create().write(e.toFault(), responseBody);
 * }
 * }</pre>
 */
@NullMarked
package io.capas.xmlrpc;

import org.jspecify.annotations.NullMarked;
