package io.capas.rpc;

import io.capas.xmlrpc.XmlRpcException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Maps transport and codec failures of a call to {@link RpcException}s naming the call. */
final class Failures {
  private Failures() {}

  static RpcException map(IOException e, String method, String target, Duration timeout) {
    if (Thread.currentThread().isInterrupted()) {
      return cancelled(method, target, e);
    }
    if (e instanceof UnknownHostException) {
      return new RpcException(
          RpcException.Kind.UNAVAILABLE,
          method,
          "unknown host for " + target + " for method " + method + ": " + e.getMessage(),
          e);
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return new RpcException(
          RpcException.Kind.UNAVAILABLE,
          method,
          "connection refused by " + target + " for method " + method,
          e);
    }
    if (e instanceof SocketTimeoutException) {
      return new RpcException(
          RpcException.Kind.TIMEOUT,
          method,
          "no answer from " + target + " within " + seconds(timeout) + " for method " + method,
          e);
    }
    if (e instanceof XmlRpcException || e instanceof ProtocolException) {
      return new RpcException(
          RpcException.Kind.PROTOCOL,
          method,
          "bad response from " + target + " for method " + method + ": " + e.getMessage(),
          e);
    }
    return new RpcException(
        RpcException.Kind.IO,
        method,
        "connection to "
            + target
            + " failed for method "
            + method
            + ": "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
        e);
  }

  /**
   * Maps a failure to connect (a TLS handshake or a proxy tunnel included): {@code TIMEOUT} if the
   * call's deadline passed, or cut the connect short ({@code granted}, less than the {@code
   * configured} connect timeout) and that ran out; {@code UNAVAILABLE} if the connect timeout
   * itself ran out, since no byte of the request left; otherwise as {@link #map}.
   */
  static RpcException connectFailed(
      IOException e,
      String method,
      String target,
      Duration timeout,
      CallDeadline deadline,
      Duration configured,
      Duration granted) {
    boolean timedOut = e instanceof SocketTimeoutException;
    if (deadline.passed() || (timedOut && granted.compareTo(configured) < 0)) {
      return timeout(method, target, timeout);
    }
    if (timedOut && !Thread.currentThread().isInterrupted()) {
      return new RpcException(
          RpcException.Kind.UNAVAILABLE,
          method,
          "no connection to "
              + target
              + " within "
              + seconds(granted)
              + " (the connect timeout) for method "
              + method,
          e);
    }
    return map(e, method, target, granted);
  }

  /**
   * The call was cancelled: its future cancelled or its thread interrupted. Restores the interrupt,
   * which blocking socket I/O on a virtual thread answers by closing the socket.
   */
  static RpcException cancelled(String method, String target, @Nullable Throwable cause) {
    Thread.currentThread().interrupt();
    return new RpcException(
        RpcException.Kind.CANCELLED,
        method,
        "call of " + method + " to " + target + " cancelled",
        cause);
  }

  static RpcException timeout(String method, String target, Duration timeout) {
    return new RpcException(
        RpcException.Kind.TIMEOUT,
        method,
        "no answer from " + target + " within " + seconds(timeout) + " for method " + method,
        null);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
