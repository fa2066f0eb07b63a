package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The method page, as Python's {@code DocXMLRPCServer} serves it: an HTML page with the server's
 * name and each method's signatures and help, plus a form per method to call it with its arguments
 * as a JSON array (the mapping of {@code capas call}: {@code 2} is {@code <int>}, {@code 2.5} a
 * {@code <double>}, {@code {"$base64": "AAEC"}} a {@code <base64>}...). The page's script builds
 * the {@code <methodCall>}, POSTs it to the page's own URL, and shows the result as JSON (a fault
 * as its code and string) and, folded, the XML sent and received.
 *
 * <p>Three resources, all served from the jar: the page ({@code GET} on the endpoint), its script
 * ({@code ?script}) and its style sheet ({@code ?style}), referred to by relative URLs so the page
 * works wherever the endpoint is mounted. Every method name, signature and help text is
 * HTML-escaped; the page carries no inline script or style, so {@link #CONTENT_SECURITY_POLICY}
 * lets only those two files run and apply. With JavaScript off the page is a listing: the forms
 * stay hidden.
 *
 * <p>Immutable and thread-safe.
 */
public final class MethodPage {
  /**
   * The {@code Content-Security-Policy} to send with the page: its own script and style sheet, and
   * requests to its own origin; nothing inline, nothing from elsewhere, no framing.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  /** The query that asks the endpoint for the page's script: {@code GET /RPC2?script}. */
  public static final String SCRIPT_QUERY = "script";

  /** The query that asks the endpoint for the page's style sheet: {@code GET /RPC2?style}. */
  public static final String STYLE_QUERY = "style";

  private static final byte[] SCRIPT = resource("capas-page.js");
  private static final byte[] STYLE = resource("capas-page.css");

  /**
   * One method as introspection describes it.
   *
   * @param name the method's name
   * @param signatures each {@code [return type, parameter types...]}; empty when unknown
   * @param help the help text, shown as preformatted text
   */
  public record Method(String name, List<List<String>> signatures, String help) {
    public Method {
      checkArgument(!name.isEmpty(), "empty method name");
      ImmutableList.Builder<List<String>> copy = ImmutableList.builder();
      for (List<String> signature : signatures) {
        checkArgument(!signature.isEmpty(), "a signature needs its return type: %s", name);
        copy.add(List.copyOf(signature));
      }
      signatures = copy.build();
    }
  }

  private final byte[] html;

  private MethodPage(byte[] html) {
    this.html = html;
  }

  /** The page of {@code methods} (in that order) under the title {@code serverName}. */
  public static MethodPage of(String serverName, List<Method> methods) {
    return new MethodPage(render(serverName, methods).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The page of the methods {@code dispatcher} serves, {@code system.*} included, as it lists them.
   */
  static MethodPage of(String serverName, Dispatcher dispatcher) {
    return of(serverName, describe(dispatcher));
  }

  /** The page, UTF-8 HTML (a fresh copy). */
  public byte[] html() {
    return html.clone();
  }

  /** The page's script, UTF-8 JavaScript (a fresh copy). */
  public static byte[] script() {
    return SCRIPT.clone();
  }

  /** The page's style sheet, UTF-8 CSS (a fresh copy). */
  public static byte[] style() {
    return STYLE.clone();
  }

  /** The page's bytes, shared: for the binding, which never modifies them. */
  byte[] htmlShared() {
    return html;
  }

  static byte[] scriptShared() {
    return SCRIPT;
  }

  static byte[] styleShared() {
    return STYLE;
  }

  /**
   * The methods as introspection reports them ({@code system.listMethods}, {@code
   * system.methodHelp}, {@code system.methodSignature}); an answer of an unexpected shape (a method
   * registered over an introspection name) leaves that part out.
   */
  static List<Method> describe(Dispatcher dispatcher) {
    Dispatcher.Outcome listed = dispatcher.call("system.listMethods", List.of());
    List<Method> methods = new ArrayList<>();
    if (!(listed.value() instanceof List<?> names)) {
      return methods;
    }
    for (Object name : names) {
      if (!(name instanceof String method) || method.isEmpty()) {
        continue;
      }
      Object help = dispatcher.call("system.methodHelp", List.of(method)).value();
      Object signatures = dispatcher.call("system.methodSignature", List.of(method)).value();
      methods.add(
          new Method(method, signatures(signatures), help instanceof String text ? text : ""));
    }
    return methods;
  }

  private static List<List<String>> signatures(Object value) {
    List<List<String>> signatures = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object one : list) {
        if (one instanceof List<?> types && !types.isEmpty()) {
          List<String> signature = new ArrayList<>();
          for (Object type : types) {
            signature.add(String.valueOf(type));
          }
          signatures.add(signature);
        }
      }
    }
    return signatures;
  }

  /**
   * Escapes {@code &}, {@code <}, {@code >}, {@code "} and {@code '}: safe in text and attributes.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String render(String serverName, List<Method> methods) {
    String title = escape(serverName);
    StringBuilder out = new StringBuilder(4096 + 512 * methods.size());
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(title)
        .append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"?" + STYLE_QUERY + "\">\n")
        .append("<script src=\"?" + SCRIPT_QUERY + "\" defer></script>\n")
        .append("</head>\n<body>\n<header>\n<h1>")
        .append(title)
        .append("</h1>\n<p>XML-RPC methods served at this URL.")
        .append(" Arguments are a JSON array: <code>2</code> is an int, <code>2.5</code> a double,")
        .append(" <code>{\"$base64\": \"AAEC\"}</code> and")
        .append(" <code>{\"$dateTime.iso8601\": \"19980717T14:08:55\"}</code> those types.</p>\n")
        .append("<noscript><p>Turn JavaScript on to call methods from this page.</p></noscript>\n")
        .append("</header>\n<nav>\n<ul>\n");
    for (Method method : methods) {
      String name = escape(method.name());
      out.append("<li><a href=\"#m-").append(name).append("\">").append(name).append("</a></li>\n");
    }
    out.append("</ul>\n</nav>\n<main>\n");
    for (Method method : methods) {
      section(method, out);
    }
    out.append("</main>\n</body>\n</html>\n");
    return out.toString();
  }

  private static void section(Method method, StringBuilder out) {
    String name = escape(method.name());
    out.append("<section class=\"method\" id=\"m-")
        .append(name)
        .append("\" data-method=\"")
        .append(name)
        .append("\">\n<h2><code>")
        .append(name)
        .append("</code></h2>\n");
    if (method.signatures().isEmpty()) {
      out.append("<p class=\"signature\"><code>").append(name).append("(...)</code></p>\n");
    }
    for (List<String> signature : method.signatures()) {
      out.append("<p class=\"signature\"><code>")
          .append(escape(signature.get(0)))
          .append(' ')
          .append(name)
          .append('(')
          .append(escape(String.join(", ", signature.subList(1, signature.size()))))
          .append(")</code></p>\n");
    }
    if (!method.help().isEmpty()) {
      out.append("<pre class=\"help\">").append(escape(method.help())).append("</pre>\n");
    }
    String example =
        method.signatures().isEmpty()
            ? "[...]"
            : "["
                + String.join(
                    ", ", method.signatures().get(0).subList(1, method.signatures().get(0).size()))
                + "]";
    out.append("<form class=\"call\" hidden>\n<label>Arguments ")
        .append("<input class=\"params\" name=\"params\" type=\"text\" spellcheck=\"false\"")
        .append(" autocomplete=\"off\" placeholder=\"")
        .append(escape(example))
        .append("\"></label>\n<button type=\"submit\">Call</button>\n")
        .append("<output class=\"result\"></output>\n")
        .append("<details class=\"xml\"><summary>XML</summary>\n")
        .append("<h3>Sent</h3><pre class=\"sent\"></pre>\n")
        .append("<h3>Received</h3><pre class=\"received\"></pre>\n")
        .append("</details>\n</form>\n</section>\n");
  }

  private static byte[] resource(String name) {
    try (InputStream in = MethodPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " beside MethodPage");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
