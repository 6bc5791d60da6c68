package dev.smtconsole.ingest.profile;

import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.SourceRow;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An XML log (e.g. one lot per file): the elements the profile's record path names are the
 * records; column specs are XPath paths relative to a record, to an attribute ({@code @mountPoints})
 * or an element's text ({@code Counts/Boards}). Vendor XML logs are small, so the document is
 * read whole, up to {@value #MAX_BYTES} bytes.
 */
final class XmlRows extends ProfileRows {
    static final int MAX_BYTES = 16 << 20; // its DOM, several times larger, must fit a 256 MB heap

    private final InputStream in;
    private final XmlPaths paths = new XmlPaths();
    private NodeList records;
    private int next;

    XmlRows(Profile p, InputStream in, ParseContext ctx) {
        super(p, ctx);
        this.in = in;
    }

    @Override
    protected SourceRow nextRecord() throws IOException {
        while (next < records.getLength()) {
            Node record = records.item(next++);
            rowNo++;
            String raw = XmlPaths.serialize(record);
            return map(ref -> {
                try {
                    return new Lookup(paths.text(record, ref), null);
                } catch (XPathExpressionException e) {
                    return new Lookup(null, ParseProblem.encode("formats.prof.xmlPathFailed", ref, String.valueOf(e.getMessage())));
                }
            }, raw, List.of(raw));
        }
        return null; // the caller owns and closes the stream
    }

    @Override
    protected SourceRow start() throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            return SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.xmlTooLarge", MAX_BYTES >> 20));
        }
        Document doc;
        try {
            doc = XmlPaths.parse(bytes);
        } catch (SAXParseException e) {
            return SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.xmlInvalidAt", e.getLineNumber(),
                    e.getColumnNumber(), String.valueOf(e.getMessage())));
        } catch (SAXException e) {
            return SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.xmlInvalid", String.valueOf(e.getMessage())));
        }
        try {
            records = (NodeList) paths.compile(p.xml().records()).evaluate(doc, XPathConstants.NODESET);
        } catch (XPathExpressionException e) {
            return SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.xmlPathFailed", p.xml().records(),
                    String.valueOf(e.getMessage())));
        }
        if (records.getLength() == 0) {
            String root = doc.getDocumentElement() == null ? "" : doc.getDocumentElement().getNodeName();
            return SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.noRecords", p.xml().records(), root));
        }
        var m = p.machine();
        if (m != null && m.from() == Profile.MachineSource.PREAMBLE) {
            return SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.preambleNoMatch", m.pattern()));
        }
        return readFileName();
    }
}
