/**
 * HTTP/1.1 messages (RFC 9110, RFC 9112): request and response heads and bodies, parsed strictly
 * and written exactly. Pure codec: bytes in, values out and back; sockets, threads and what the
 * body means are left to other layers (framing supplies the Content-Length body reader).
 *
 * <pre>
 *   POST /RPC2 HTTP/1.1 CRLF               request-line (limit maxRequestLine, else 414)
 *   Host: example CRLF                      field-name ":" OWS value OWS CRLF (maxHeaderLine, 431)
 *   Content-Length: 188 CRLF                ... at most maxHeaderCount fields, maxHeaderBlock bytes
 *   CRLF                                    end of head
 *   188 bytes of body                       or chunked: size CRLF data CRLF ... 0 CRLF CRLF
 * </pre>
 *
 * <ul>
 *   <li>Values: {@link io.capas.http.RequestHead}, {@link io.capas.http.ResponseHead}, {@link
 *       io.capas.http.Headers} (case-insensitive, order kept), {@link io.capas.http.HttpRequest},
 *       {@link io.capas.http.HttpResponse}, {@link io.capas.http.HttpStatus}.
 *   <li>Reading: {@link io.capas.http.HttpRequestReader} and {@link
 *       io.capas.http.HttpResponseReader} over blocking streams (whole bodies or {@code
 *       bodyStream}), {@link io.capas.http.RequestDecoder} over buffers for a multiplexing server;
 *       both share one head parser and the limits of {@link io.capas.http.HttpLimits}.
 *   <li>Writing: {@link io.capas.http.HttpWriter}; one-call builders and parsers in {@link
 *       io.capas.http.HttpMessages}; gzip and deflate in {@link io.capas.http.ContentCoding}.
 *   <li>Errors: {@link io.capas.http.HttpException} (server side) carries the status to answer with
 *       and whether to close; {@code toResponse()} renders it. The response reader throws {@link
 *       io.capas.http.BadResponseException} instead, whose message names no status. Both sides:
 *       {@link java.io.EOFException} when the stream ends inside a message.
 * </ul>
 *
 * <pre>{@code
 * HttpRequestReader reader = new HttpRequestReader(in, HttpLimits.defaults());
 * try {
 *   Optional<HttpRequest> request = reader.read();            // empty at a clean end
 *   byte[] xml = request.get().decodedBody(16 << 20);         // gzip/deflate, capped
 *   HttpWriter.write(out, HttpMessages.response(reply, 200, "OK"));
 * } catch (HttpException e) {
 *   HttpWriter.write(out, e.toResponse());                    // 400, 413, 414, 431, 501, 505...
 * }
 * }</pre>
 */
@NullMarked
package io.capas.http;

import org.jspecify.annotations.NullMarked;
