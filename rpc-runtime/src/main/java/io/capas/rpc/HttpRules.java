package io.capas.rpc;

import io.capas.http.ContentCoding;
import io.capas.http.Headers;
import io.capas.http.HttpException;
import io.capas.http.HttpResponse;
import io.capas.http.HttpStatus;
import io.capas.http.HttpVersion;
import io.capas.http.RequestHead;
import io.capas.http.ResponseHead;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The XML-RPC endpoint's HTTP rules, one copy for capas's own server ({@link HttpSession}) and for
 * the servers it is embedded in ({@link HttpEndpoint}): which requests are refused and with what,
 * the credentials check, how a body is decoded under the body limit, when a response is compressed,
 * and the heads of the answers. What belongs to a connection (timeouts, lingering, keep-alive,
 * error counts) stays with the session.
 *
 * <p>Immutable and thread-safe.
 */
final class HttpRules {
  static final String SERVER = "capas";
  static final HttpStatus UNAUTHORIZED = new HttpStatus(401, "Unauthorized");
  private static final List<String> ALLOW = List.of("POST");

  /** What a response says about its connection. */
  enum Persistence {
    /** HTTP/1.1 kept alive: nothing to say. */
    KEEP,
    /** HTTP/1.0 kept alive: {@code Connection: keep-alive}. */
    KEEP_HTTP10,
    /** {@code Connection: close}. */
    CLOSE
  }

  /** The 200 heads without Content-Length: by content coding, then persistence. */
  private static final ResponseHead[][] OK_HEADS = okHeads();

  private final HttpServerSettings settings;
  private final Set<String> paths;
  private final @Nullable String authorization;
  private final @Nullable BasicAuth basicAuth;

  HttpRules(HttpServerSettings settings, CallProcessor calls) {
    this.settings = settings;
    this.paths = settings.paths();
    this.authorization =
        settings.basicAuthorization().isEmpty() ? null : settings.basicAuthorization();
    this.basicAuth = calls.basicAuth();
  }

  /** Whether requests must carry credentials (a fixed header or a basic-auth interceptor). */
  boolean authenticates() {
    return authorization != null || basicAuth != null;
  }

  /** Whether {@code headers} carry credentials that are accepted (true when none are needed). */
  boolean authorized(Headers headers) {
    if (authorization != null) {
      Optional<String> given = headers.first("Authorization");
      if (given.isEmpty() || !BasicAuth.equalsConstantTime(given.get(), authorization)) {
        return false;
      }
    }
    return basicAuth == null || basicAuth.check(headers);
  }

  /**
   * Why the endpoint refuses a request with this head, or null if it serves it: 401 without
   * accepted credentials, 405 for anything but {@code POST}, 404 off the served paths, 411 without
   * a declared length.
   */
  @Nullable HttpException refusal(RequestHead head) {
    if (authenticates() && !authorized(head.headers())) {
      return unauthorized();
    }
    return refusalOfAuthorized(head);
  }

  /** The 401 answer to a request without accepted credentials. */
  static HttpException unauthorized() {
    return new HttpException(UNAUTHORIZED, "credentials required", false);
  }

  /**
   * {@link #refusal} of a request whose credentials were already checked (an application's check
   * runs once per request): 405, 404 or 411, or null.
   */
  @Nullable HttpException refusalOfAuthorized(RequestHead head) {
    if (!head.method().equals("POST")) {
      return HttpException.methodNotAllowed(head.method(), ALLOW);
    }
    if (!servesPath(head.target())) {
      return new HttpException(HttpStatus.NOT_FOUND, "no XML-RPC endpoint at this path", false);
    }
    if (!head.declaresLength()) {
      return HttpException.lengthRequired("POST");
    }
    return null;
  }

  /**
   * The request document: {@code length} bytes of {@code body} from {@code offset} (already held to
   * {@link HttpServerSettings#maxBodyBytes()} as sent), decoded by the request's {@code
   * Content-Encoding} with the same limit on the decoded size.
   *
   * @throws HttpException 413 past the limit, 400 for corrupt data, 501 for an unknown coding
   */
  ByteArrayInputStream body(Headers headers, byte[] body, int offset, int length)
      throws HttpException {
    ContentCoding coding = ContentCoding.of(headers);
    if (coding == ContentCoding.IDENTITY) {
      return new ByteArrayInputStream(body, offset, length);
    }
    byte[] raw =
        offset == 0 && length == body.length
            ? body
            : Arrays.copyOfRange(body, offset, offset + length);
    return new ByteArrayInputStream(coding.decode(raw, settings.maxBodyBytes()));
  }

  /**
   * The coding of a response of {@code bodyLength} bytes to a request with {@code requestHeaders}:
   * gzip or deflate when the client accepts it and the body is at least {@link
   * HttpServerSettings#gzipMinBytes()}, identity otherwise.
   */
  ContentCoding responseCoding(Headers requestHeaders, int bodyLength) {
    if (bodyLength >= settings.gzipMinBytes()) {
      Optional<String> accepted = requestHeaders.first("Accept-Encoding");
      if (accepted.isPresent()) {
        return ContentCoding.negotiate(accepted.get());
      }
    }
    return ContentCoding.IDENTITY;
  }

  /** The head of a 200 answer (Server, Content-Type, coding, persistence; no length). */
  // OK_HEADS is a table indexed by ordinals on purpose (built by okHeads()).
  @SuppressWarnings("EnumOrdinal")
  static ResponseHead okHead(ContentCoding coding, Persistence persistence) {
    return OK_HEADS[coding.ordinal()][persistence.ordinal()];
  }

  /**
   * {@code e} as http-codec renders it, plus this server's headers ({@code Server}, {@code
   * WWW-Authenticate} for a 401, {@code Connection: close} when {@code closing}).
   */
  static HttpResponse errorResponse(HttpException e, boolean closing) {
    HttpResponse rendered = e.toResponse();
    Headers.Builder headers = rendered.head().headers().toBuilder().add("Server", SERVER);
    if (e.status().code() == UNAUTHORIZED.code()) {
      headers.add("WWW-Authenticate", "Basic realm=\"capas\", charset=\"UTF-8\"");
    }
    if (closing && !e.closeConnection()) {
      headers.add("Connection", "close");
    }
    return new HttpResponse(
        new ResponseHead(rendered.head().version(), rendered.status(), headers.build()),
        rendered.body());
  }

  /**
   * Origin form with an optional query, or absolute form (RFC 9112 §3.2.2) naming a served path.
   */
  boolean servesPath(String target) {
    if (paths.contains(target)) {
      return true;
    }
    String path = target;
    int schemeEnd = path.indexOf("://");
    if (schemeEnd > 0 && !path.startsWith("/")) {
      int slash = path.indexOf('/', schemeEnd + 3);
      if (slash < 0) {
        return false;
      }
      path = path.substring(slash);
    }
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    return paths.contains(path);
  }

  // Builds a table indexed by ordinals on purpose: no map lookup per response.
  @SuppressWarnings("EnumOrdinal")
  private static ResponseHead[][] okHeads() {
    ContentCoding[] codings = ContentCoding.values();
    ResponseHead[][] heads = new ResponseHead[codings.length][Persistence.values().length];
    for (ContentCoding coding : codings) {
      for (Persistence persistence : Persistence.values()) {
        Headers.Builder h = Headers.builder().add("Server", SERVER).add("Content-Type", "text/xml");
        if (coding != ContentCoding.IDENTITY) {
          h.add("Content-Encoding", coding.token());
        }
        if (persistence == Persistence.KEEP_HTTP10) {
          h.add("Connection", "keep-alive");
        } else if (persistence == Persistence.CLOSE) {
          h.add("Connection", "close");
        }
        heads[coding.ordinal()][persistence.ordinal()] =
            new ResponseHead(HttpVersion.HTTP_1_1, HttpStatus.OK, h.build());
      }
    }
    return heads;
  }
}
