package io.capas.xmlrpc;

import io.capas.xmlrpc.XmlLexer.TextMode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The XML-RPC grammar over {@link XmlLexer}: recursive descent, one level of recursion per value
 * nesting level, stopped at {@link XmlRpcLimits#maxDepth()}.
 *
 * <p>An end tag that does not close the open element is not well-formed XML (-32700); a start tag
 * the grammar does not allow at that place is not XML-RPC (-32600).
 *
 * <p>Not thread-safe; one instance per document.
 */
final class XmlRpcParser {
  /** The value types tried first, by one read, most frequent first. */
  private static final Tag[] TYPES = {
    Tag.INT,
    Tag.STRING,
    Tag.I4,
    Tag.DOUBLE,
    Tag.BOOLEAN,
    Tag.STRUCT,
    Tag.ARRAY,
    Tag.DATE_TIME,
    Tag.BASE64,
    Tag.I8
  };

  private final XmlLexer lex;
  private final XmlRpcLimits limits;

  XmlRpcParser(InputStream in, XmlRpcLimits limits) throws IOException {
    this.lex = new XmlLexer(in, limits);
    this.limits = limits;
  }

  MethodCall methodCall() throws IOException {
    lex.start();
    root(Tag.METHOD_CALL);
    if (lex.isSelfClosing()) {
      throw invalid("no <methodName> in <methodCall>");
    }
    startTag(Tag.METHOD_NAME, Tag.METHOD_CALL);
    if (lex.isSelfClosing()) {
      throw invalid("empty <methodName>");
    }
    String methodName = textOf(Tag.METHOD_NAME);
    if (methodName.isEmpty()) {
      throw invalid("empty <methodName>");
    }
    List<@Nullable Object> params = new ArrayList<>(4);
    nextTag();
    if (!lex.isEnd()) {
      expectStart(Tag.PARAMS, Tag.METHOD_CALL);
      if (!lex.isSelfClosing()) {
        for (; ; ) {
          nextTag();
          if (lex.isEnd()) {
            expectEnd(Tag.PARAMS);
            break;
          }
          expectStart(Tag.PARAM, Tag.PARAMS);
          if (params.size() == limits.maxCollectionSize()) {
            throw new XmlRpcLimitExceededException("maxCollectionSize", limits.maxCollectionSize());
          }
          params.add(param());
        }
      }
      nextTag();
    }
    expectEnd(Tag.METHOD_CALL);
    epilog();
    return new MethodCall(methodName, params);
  }

  MethodResponse methodResponse() throws IOException {
    lex.start();
    root(Tag.METHOD_RESPONSE);
    if (lex.isSelfClosing()) {
      throw invalid("empty <methodResponse>");
    }
    nextTag();
    MethodResponse response;
    if (!lex.isEnd() && lex.tag() == Tag.PARAMS) {
      if (lex.isSelfClosing()) {
        throw invalid("no <param> in the <params> of a <methodResponse>");
      }
      startTag(Tag.PARAM, Tag.PARAMS);
      response = new MethodResponse.Success(param());
      nextTag();
      if (!lex.isEnd()) {
        throw invalid("more than one <param> in a <methodResponse>");
      }
      expectEnd(Tag.PARAMS);
    } else if (!lex.isEnd() && lex.tag() == Tag.FAULT) {
      if (lex.isSelfClosing()) {
        throw invalid("empty <fault>");
      }
      startTag(Tag.VALUE, Tag.FAULT);
      Object v = value(lex.isSelfClosing(), 1);
      response = fault(v);
      nextTag();
      expectEnd(Tag.FAULT);
    } else {
      throw unexpected(Tag.METHOD_RESPONSE);
    }
    nextTag();
    expectEnd(Tag.METHOD_RESPONSE);
    epilog();
    return response;
  }

  private static Fault fault(@Nullable Object v) throws InvalidXmlRpcException {
    if (!(v instanceof Map<?, ?> m)) {
      throw new InvalidXmlRpcException("<fault> value is not a struct");
    }
    // Other members (Apache's faultCause, a serialized Throwable) are ignored, never decoded.
    if (!(m.get("faultCode") instanceof Integer code)) {
      throw new InvalidXmlRpcException("<fault> without an int faultCode");
    }
    if (!(m.get("faultString") instanceof String message)) {
      throw new InvalidXmlRpcException("<fault> without a string faultString");
    }
    return new Fault(code, message);
  }

  private void root(Tag expected) throws IOException {
    if (!lex.next(TextMode.PROLOG, false)) {
      throw lex.truncated();
    }
    if (lex.isEnd()) {
      throw lex.malformed("end tag before the root element");
    }
    if (lex.tag() != expected) {
      throw invalid("root element <" + lex.tagName() + ">, expected <" + expected.xmlName + ">");
    }
  }

  private void epilog() throws IOException {
    if (lex.next(TextMode.PROLOG, true)) {
      throw lex.malformed("content after the root element");
    }
  }

  /** After {@code <param>}: its one value and {@code </param>}. */
  private @Nullable Object param() throws IOException {
    if (lex.isSelfClosing()) {
      throw invalid("empty <param>");
    }
    startTag(Tag.VALUE, Tag.PARAM);
    Object v = value(lex.isSelfClosing(), 1);
    endTag(Tag.PARAM);
    return v;
  }

  /** After {@code <value>}: the value and {@code </value>}. */
  private @Nullable Object value(boolean selfClosing, int depth) throws IOException {
    if (depth > limits.maxDepth()) {
      throw new XmlRpcLimitExceededException("maxDepth", limits.maxDepth());
    }
    if (selfClosing) {
      return "";
    }
    if (!lex.quickStartOf(TYPES)) {
      lex.next(TextMode.KEEP, false);
      if (lex.isEnd()) {
        expectEnd(Tag.VALUE);
        return lex.textString(); // untyped: a string, whitespace and all
      }
      if (!lex.isWhitespaceText()) {
        throw invalid("text mixed with <" + lex.tagName() + "> in <value>");
      }
    }
    Object v = typed(depth);
    endTag(Tag.VALUE);
    return v;
  }

  private @Nullable Object typed(int depth) throws IOException {
    Tag t = lex.tag();
    boolean empty = lex.isSelfClosing();
    return switch (t) {
      case INT, I4 -> {
        long quick = empty ? XmlLexer.NO_QUICK_INT : lex.quickInt();
        if (quick != XmlLexer.NO_QUICK_INT && lex.quickEnd(t)) {
          yield (int) quick;
        }
        scalar(t, empty);
        // After a quick int the lexer stood at "</", so the text it read since is empty.
        yield quick != XmlLexer.NO_QUICK_INT
            ? (int) quick
            : Scalars.parseInt(lex.text(), lex.textLength());
      }
      case I8 -> {
        scalar(t, empty);
        yield Scalars.parseLong(lex.text(), lex.textLength());
      }
      case BOOLEAN -> {
        scalar(t, empty);
        yield Scalars.parseBoolean(lex.text(), lex.textLength());
      }
      case STRING -> {
        scalar(t, empty);
        yield lex.textLength() == 0 ? "" : lex.textString();
      }
      case DOUBLE -> {
        scalar(t, empty);
        yield Scalars.parseDouble(lex.text(), lex.textLength());
      }
      case DATE_TIME -> {
        scalar(t, empty);
        yield Scalars.parseDateTime(lex.text(), lex.textLength());
      }
      case BASE64 -> {
        scalar(t, empty);
        yield Scalars.parseBase64(lex.text(), lex.textLength());
      }
      case EX_BIG_DECIMAL -> {
        scalar(t, empty);
        yield Scalars.parseBigDecimal(lex.text(), lex.textLength());
      }
      case EX_BIG_INTEGER -> {
        scalar(t, empty);
        yield Scalars.parseBigInteger(lex.text(), lex.textLength());
      }
      case STRUCT -> struct(empty, depth);
      case ARRAY -> array(empty, depth);
      case NIL -> {
        if (!empty) {
          nextTag();
          expectEnd(Tag.NIL);
        }
        yield null;
      }
      default -> throw invalid("unsupported value type <" + lex.tagName() + ">");
    };
  }

  /** Reads the text of a scalar element up to its end tag into the lexer's text buffer. */
  private void scalar(Tag t, boolean empty) throws IOException {
    if (empty) {
      lex.clearText();
      return;
    }
    if (lex.quickText(t)) {
      return;
    }
    lex.resume(TextMode.KEEP, false);
    if (!lex.isEnd()) {
      throw invalid("element <" + lex.tagName() + "> inside <" + t.xmlName + ">");
    }
    expectEnd(t);
  }

  private Map<String, @Nullable Object> struct(boolean empty, int depth) throws IOException {
    Map<String, @Nullable Object> members = new LinkedHashMap<>();
    if (empty) {
      return members;
    }
    for (; ; ) {
      if (!quickStart(Tag.MEMBER)) {
        nextTag();
        if (lex.isEnd()) {
          expectEnd(Tag.STRUCT);
          return members;
        }
        expectStart(Tag.MEMBER, Tag.STRUCT);
        if (lex.isSelfClosing()) {
          throw invalid("empty <member>");
        }
      }
      startTag(Tag.NAME, Tag.MEMBER);
      String name = lex.isSelfClosing() ? "" : textOf(Tag.NAME);
      startTag(Tag.VALUE, Tag.MEMBER);
      Object v = value(lex.isSelfClosing(), depth + 1);
      endTag(Tag.MEMBER);
      int before = members.size();
      if (before == limits.maxCollectionSize()) {
        throw new XmlRpcLimitExceededException("maxCollectionSize", limits.maxCollectionSize());
      }
      members.put(name, v);
      if (members.size() == before) {
        throw invalid("duplicate struct member '" + name + "'");
      }
    }
  }

  private List<@Nullable Object> array(boolean empty, int depth) throws IOException {
    List<@Nullable Object> elements = new ArrayList<>();
    if (empty) {
      return elements; // <array/>: lenient, as Python reads it
    }
    startTag(Tag.DATA, Tag.ARRAY);
    if (!lex.isSelfClosing()) {
      for (; ; ) {
        if (!quickStart(Tag.VALUE)) {
          nextTag();
          if (lex.isEnd()) {
            expectEnd(Tag.DATA);
            break;
          }
          expectStart(Tag.VALUE, Tag.DATA);
        }
        if (elements.size() == limits.maxCollectionSize()) {
          throw new XmlRpcLimitExceededException("maxCollectionSize", limits.maxCollectionSize());
        }
        elements.add(value(lex.isSelfClosing(), depth + 1));
      }
    }
    endTag(Tag.ARRAY);
    return elements;
  }

  /** Reads the text of an element up to its end tag, as a String. */
  private String textOf(Tag t) throws IOException {
    if (!lex.quickText(t)) {
      lex.resume(TextMode.KEEP, false);
      if (!lex.isEnd()) {
        throw invalid("element <" + lex.tagName() + "> inside <" + t.xmlName + ">");
      }
      expectEnd(t);
    }
    return lex.textString();
  }

  private void nextTag() throws IOException {
    lex.next(TextMode.WHITESPACE, false);
  }

  /** Reads the next tag, which must open {@code expected} inside {@code parent}. */
  private void startTag(Tag expected, Tag parent) throws IOException {
    if (!quickStart(expected)) {
      nextTag();
      expectStart(expected, parent);
    }
  }

  /** Whitespace, then {@code <t>} spelled plainly in the buffer: consumed, true; else false. */
  private boolean quickStart(Tag t) throws IOException {
    lex.skipWhitespace();
    return lex.quickStart(t);
  }

  /** Reads the next tag, which must close {@code open} (a plain {@code </name>} the quick way). */
  private void endTag(Tag open) throws IOException {
    lex.skipWhitespace();
    if (!lex.quickEnd(open)) {
      nextTag();
      expectEnd(open);
    }
  }

  private void expectStart(Tag expected, Tag parent) throws IOException {
    if (lex.isEnd()) {
      if (lex.tag() == parent) {
        throw invalid("missing <" + expected.xmlName + "> in <" + parent.xmlName + ">");
      }
      throw lex.malformed("</" + lex.tagName() + "> does not close <" + parent.xmlName + ">");
    }
    if (lex.tag() != expected) {
      throw unexpected(parent);
    }
  }

  private void expectEnd(Tag open) throws MalformedXmlException, InvalidXmlRpcException {
    if (!lex.isEnd()) {
      throw unexpected(open);
    }
    if (lex.tag() != open) {
      throw lex.malformed("</" + lex.tagName() + "> does not close <" + open.xmlName + ">");
    }
  }

  private InvalidXmlRpcException unexpected(Tag parent) {
    return invalid("unexpected <" + lex.tagName() + "> in <" + parent.xmlName + ">");
  }

  private InvalidXmlRpcException invalid(String message) {
    return new InvalidXmlRpcException(message + " at byte " + lex.offset());
  }
}
