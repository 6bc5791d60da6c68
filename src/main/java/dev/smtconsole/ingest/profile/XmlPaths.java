package dev.smtconsole.ingest.profile;

import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * XPath paths over a vendor's XML log (the JDK's own XPath 1.0): compiled once per file, read
 * from a document parsed without DTDs or external entities (a log file is data, never a fetch).
 * Namespaces are not resolved, so paths name elements as written ({@code Lot}, {@code @mountPoints}).
 */
final class XmlPaths {
    private final XPath xpath = XPathFactory.newInstance().newXPath();
    private final Map<String, XPathExpression> compiled = new HashMap<>();

    /** Why {@code path} is not an XPath expression, or null when it is one. */
    static String problem(String path) {
        try {
            XPathFactory.newInstance().newXPath().compile(path.strip());
            return null;
        } catch (XPathExpressionException e) {
            String m = e.getMessage() != null ? e.getMessage() : e.getCause() != null ? e.getCause().getMessage() : null;
            return m == null ? "not an XPath expression" : m.replaceAll("\\s+", " ").strip();
        }
    }

    XPathExpression compile(String path) throws XPathExpressionException {
        XPathExpression e = compiled.get(path);
        if (e == null) {
            e = xpath.compile(path.strip());
            compiled.put(path, e);
        }
        return e;
    }

    /** The text a path gives from a record ("" when it names nothing). */
    String text(Node record, String path) throws XPathExpressionException {
        return compile(path).evaluate(record);
    }

    static Document parse(byte[] xml) throws IOException, SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.ErrorHandler() { // thrown to the caller, never printed
                @Override
                public void warning(org.xml.sax.SAXParseException e) {
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        }
    }

    /** The element as XML text on one line, for the rows' raw text (traceability, rejected-row export). */
    static String serialize(Node node) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(w));
            return w.toString().replaceAll(">\\s+<", "><").strip();
        } catch (TransformerException e) {
            return node.getNodeName();
        }
    }
}
