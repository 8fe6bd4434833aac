package io.fleetloop.command.simulation;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.simulation.ParamRange;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an OpenSCENARIO 1.x file's {@code ParameterDeclarations}: a declaration named like a scenario parameter
 * ({@code egoSpeed}, {@code gap}, ... or its {@code _min}/{@code _max} pair, case-insensitive) gives that parameter's
 * value or range, in the parameter's canonical unit (OpenSCENARIO uses SI units); {@code ValueConstraintGroups} of a
 * declaration ({@code greaterOrEqual}/{@code lessOrEqual}) give a range too. Other declarations are ignored. The file
 * header's {@code description} names the scenario. The JDK parser runs with DTDs and external entities disabled (XXE).
 */
final class OpenScenarioImport {

    record Parsed(String name, Map<String, ParamRange> params) {
    }

    private static final Map<String, String> UNITS = Map.of("egoSpeed", "m/s", "actorSpeed", "m/s", "gap", "m", "actorCount", "count",
            "lidarNoise", "m", "rainRate", "mm/h", "duration", "s", "sampleRate", "Hz");

    private OpenScenarioImport() {
    }

    static Parsed parse(byte[] xml) {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw FleetloopException.invalid("xosc", "not a readable OpenSCENARIO file (" + e.getMessage() + "); DOCTYPEs are refused");
        }
        if (!"OpenSCENARIO".equals(document.getDocumentElement().getNodeName())) {
            throw FleetloopException.invalid("xosc", "the root element must be OpenSCENARIO");
        }
        String name = "imported-scenario";
        NodeList headers = document.getElementsByTagName("FileHeader");
        if (headers.getLength() > 0) {
            String description = ((Element) headers.item(0)).getAttribute("description").trim();
            if (!description.isEmpty()) name = description.replaceAll("[^\\p{L}\\p{N} _.:/-]", "-");
            if (name.length() > 128) name = name.substring(0, 128);
        }
        Map<String, Double[]> ranges = new HashMap<>();
        NodeList declarations = document.getElementsByTagName("ParameterDeclaration");
        for (int i = 0; i < declarations.getLength(); i++) {
            Element declaration = (Element) declarations.item(i);
            String declared = declaration.getAttribute("name");
            String key = declared.toLowerCase(Locale.ROOT);
            int bound = key.endsWith("_min") ? 0 : key.endsWith("_max") ? 1 : -1;
            String base = bound >= 0 ? key.substring(0, key.length() - 4) : key;
            String param = UNITS.keySet().stream().filter(p -> p.toLowerCase(Locale.ROOT).equals(base)).findFirst().orElse(null);
            if (param == null) continue;
            double value = number(declaration.getAttribute("value"), declared);
            Double[] range = ranges.computeIfAbsent(param, p -> new Double[2]);
            if (bound != 1) range[0] = value;
            if (bound != 0) range[1] = value;
            NodeList constraints = declaration.getElementsByTagName("ValueConstraint");
            for (int c = 0; c < constraints.getLength(); c++) {
                Element constraint = (Element) constraints.item(c);
                String rule = constraint.getAttribute("rule");
                double limit = number(constraint.getAttribute("value"), declared);
                if (rule.equals("greaterOrEqual") || rule.equals("greaterThan")) range[0] = limit;
                if (rule.equals("lessOrEqual") || rule.equals("lessThan")) range[1] = limit;
            }
        }
        Map<String, ParamRange> params = new HashMap<>();
        ranges.forEach((param, range) -> params.put(param, new ParamRange(range[0] != null ? range[0] : range[1],
                range[1] != null ? range[1] : range[0], UNITS.get(param))));
        return new Parsed(name, params);
    }

    private static double number(String text, String declared) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw FleetloopException.invalid("xosc.ParameterDeclaration." + declared, "'" + text + "' is not a number");
        }
    }
}
