/**
 * The XML-RPC codec: {@code <methodCall>}, {@code <methodResponse>} and faults to and from values,
 * straight from an {@code InputStream} and straight to an {@code OutputStream}. Pure: no sockets,
 * threads, logging or injection; HTTP and framing are other layers' business.
 *
 * <p>Parsing uses a hand-written pull parser over the XML subset XML-RPC needs (no DTD code path at
 * all, limits on depth, elements, string length, document size and collection size); see {@link
 * io.capas.xmlrpc.MethodCallReader} for what is accepted and refused.
 *
 * <p>Values are plain Java objects, one type per XML-RPC type, read and written alike:
 *
 * <pre>
 *   XML-RPC                   Java
 *   &lt;int&gt; or &lt;i4&gt;           Integer
 *   &lt;i8&gt; or &lt;ex:i8&gt;         Long (written as &lt;i8&gt; unless the options refuse it)
 *   &lt;boolean&gt;              Boolean
 *   &lt;string&gt;, untyped text String
 *   &lt;double&gt;               Double (finite only)
 *   &lt;dateTime.iso8601&gt;     LocalDateTime (no zone: the wall-clock fields as written; a date
 *                            alone is its midnight); OffsetDateTime when a Z or +hh:mm follows
 *                            the time (the received offset kept); both written, the latter
 *                            with its Z or +hh:mm
 *   &lt;base64&gt;               byte[]
 *   &lt;struct&gt;               Map&lt;String, Object&gt; (read: LinkedHashMap, document order)
 *   &lt;array&gt;                List&lt;Object&gt; (read as an ArrayList)
 *   &lt;nil/&gt; or &lt;ex:nil/&gt;     null
 *   &lt;ex:bigdecimal&gt;        BigDecimal (Apache's extension; any prefix)
 *   &lt;ex:biginteger&gt;        BigInteger (Apache's extension; any prefix)
 * </pre>
 *
 * <p>Nothing is ever deserialized as a Java object: there is no Java type for Apache's {@code
 * ex:serializable}, and reading one is an error.
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
