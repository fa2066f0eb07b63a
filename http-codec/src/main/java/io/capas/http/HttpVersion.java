package io.capas.http;

/** The HTTP versions this codec speaks. */
public enum HttpVersion {
  HTTP_1_0("HTTP/1.0"),
  HTTP_1_1("HTTP/1.1");

  private final String text;

  HttpVersion(String text) {
    this.text = text;
  }

  /** The version as on the wire, e.g. {@code HTTP/1.1}. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
