package io.capas.guide.migration.apache;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.server.PropertyHandlerMapping;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;
import org.apache.xmlrpc.webserver.XmlRpcServlet;

// guide:begin servlet
/** Deployed in web.xml; maps "Calculator.*" to the handler class. */
public class CalculatorServlet extends XmlRpcServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected XmlRpcHandlerMapping newXmlRpcHandlerMapping() throws XmlRpcException {
    PropertyHandlerMapping mapping = new PropertyHandlerMapping();
    mapping.addHandler("Calculator", Calculator.class);
    return mapping;
  }
}
// guide:end servlet
