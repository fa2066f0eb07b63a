package io.capas.benchmarks.xmlrpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientRequestImpl;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.parser.XmlRpcResponseParser;
import org.apache.xmlrpc.serializer.DefaultXMLWriterFactory;
import org.apache.xmlrpc.serializer.XmlRpcWriter;
import org.apache.xmlrpc.server.XmlRpcServer;
import org.apache.xmlrpc.util.SAXParsers;
import org.xml.sax.ContentHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Apache XML-RPC 3.1.3's parser and writer driven the way its XmlRpcStreamServer and
 * XmlRpcStreamTransport drive them (a SAX XMLReader per document, XmlRpcWriter over the default XML
 * writer factory), without HTTP.
 */
final class ApacheXmlRpc {
  private final XmlRpcHttpRequestConfigImpl config = new XmlRpcHttpRequestConfigImpl();
  private final TypeFactoryImpl serverTypes = new TypeFactoryImpl(new XmlRpcServer());
  private final TypeFactoryImpl clientTypes = new TypeFactoryImpl(new XmlRpcClient());
  private final DefaultXMLWriterFactory writers = new DefaultXMLWriterFactory();

  ApacheXmlRpc() {
    config.setEncoding("UTF-8");
  }

  /** Server side: parses a request, returns {methodName, params}. */
  Object[] parseCall(byte[] wire) throws IOException, SAXException, XmlRpcException {
    XmlRpcRequestParser parser = new XmlRpcRequestParser(config, serverTypes);
    XMLReader reader = SAXParsers.newXMLReader();
    reader.setContentHandler(parser);
    reader.parse(new InputSource(new ByteArrayInputStream(wire)));
    return new Object[] {parser.getMethodName(), parser.getParams()};
  }

  /** Server side: writes a successful response. */
  void writeResponse(Object result, OutputStream out) throws SAXException, XmlRpcException {
    ContentHandler handler = writers.getXmlWriter(config, out);
    new XmlRpcWriter(config, handler, serverTypes).write(config, result);
  }

  /** Client side: writes a request. */
  void writeCall(String method, List<?> params, OutputStream out)
      throws SAXException, XmlRpcException {
    ContentHandler handler = writers.getXmlWriter(config, out);
    new XmlRpcWriter(config, handler, clientTypes)
        .write(new XmlRpcClientRequestImpl(config, method, params));
  }

  /** Client side: parses a response, returns its result. */
  Object parseResponse(byte[] wire) throws IOException, SAXException, XmlRpcException {
    XmlRpcResponseParser parser = new XmlRpcResponseParser(config, clientTypes);
    XMLReader reader = SAXParsers.newXMLReader();
    reader.setContentHandler(parser);
    reader.parse(new InputSource(new ByteArrayInputStream(wire)));
    if (!parser.isSuccess()) {
      throw new IllegalStateException("fault " + parser.getErrorCode());
    }
    return parser.getResult();
  }
}
