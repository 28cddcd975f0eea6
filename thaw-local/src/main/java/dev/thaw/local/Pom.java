package dev.thaw.local;

import java.io.IOException;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reads what the CLI needs from a pom.xml, without Maven. */
final class Pom {

    private Pom() {}

    /**
     * Returns the project's own {@code <artifactId>} (a direct child of {@code <project>}, not the
     * parent's).
     *
     * @throws CliException naming the file when it is not a readable POM or has no artifactId
     */
    static String artifactId(Path pom) {
        Element project;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // a POM never needs a DTD or external entities; refusing them keeps the read local and safe
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        } catch (SAXException e) {
            throw CliException.failure("reading " + pom + ": not well-formed XML (" + e.getMessage() + ")", e);
        } catch (IOException | ParserConfigurationException e) {
            throw CliException.failure("reading " + pom + ": " + e.getMessage(), e);
        }
        if (!"project".equals(localName(project))) {
            throw CliException.failure("reading " + pom + ": the root element is <" + localName(project)
                    + ">, not <project>: is this a Maven POM?");
        }
        for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE && "artifactId".equals(localName(child))) {
                String id = child.getTextContent().strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
        }
        throw CliException.failure("reading " + pom + ": <project> has no <artifactId>");
    }

    private static String localName(Node node) {
        String name = node.getLocalName();
        return name != null ? name : node.getNodeName();
    }
}
