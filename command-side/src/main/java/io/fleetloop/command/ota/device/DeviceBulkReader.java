package io.fleetloop.command.ota.device;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.fleetloop.api.common.FleetloopException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a bulk registration body: a JSON array of device objects, NDJSON (one object a line) or CSV with the header
 * {@code deviceId,deviceType,installedVersion,securityToken,attr.<key>...} (any order; only deviceId and deviceType
 * required). Every device keeps a label naming where it was ({@code [3]} in an array, {@code line 7} otherwise), so
 * a refusal names the offending entry.
 */
final class DeviceBulkReader {

    record Item(String label, DeviceCommandController.DeviceRequest device) {
    }

    private DeviceBulkReader() {
    }

    static List<Item> read(ObjectMapper json, String contentType, InputStream body, int max) throws IOException {
        String type = contentType == null ? "application/json" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/csv")) return csv(body, max);
        if (type.startsWith("application/x-ndjson") || type.startsWith("application/ndjson")) return ndjson(json, body, max);
        if (type.startsWith("application/json")) return array(json, body, max);
        throw FleetloopException.invalid("Content-Type", "application/json (an array), application/x-ndjson or text/csv");
    }

    private static List<Item> array(ObjectMapper json, InputStream body, int max) throws IOException {
        List<Item> items = new ArrayList<>();
        ObjectReader reader = json.readerFor(DeviceCommandController.DeviceRequest.class);
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) throw FleetloopException.invalid("body", "a JSON array of devices");
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String label = "[" + items.size() + "]";
                if (parser.currentToken() != JsonToken.START_OBJECT) throw FleetloopException.invalid(label, "a device object");
                try {
                    items.add(new Item(label, reader.readValue(parser)));
                } catch (IOException | RuntimeException e) {
                    throw unreadable(label, e);
                }
                limit(items, max);
            }
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw FleetloopException.invalid("[" + items.size() + "]", "not valid JSON: " + e.getOriginalMessage());
        }
        return items;
    }

    private static List<Item> ndjson(ObjectMapper json, InputStream body, int max) throws IOException {
        List<Item> items = new ArrayList<>();
        ObjectReader reader = json.readerFor(DeviceCommandController.DeviceRequest.class);
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        int number = 0;
        for (String line; (line = lines.readLine()) != null; ) {
            number++;
            if (line.isBlank()) continue;
            String label = "line " + number;
            try {
                items.add(new Item(label, reader.readValue(line)));
            } catch (IOException | RuntimeException e) {
                throw unreadable(label, e);
            }
            limit(items, max);
        }
        return items;
    }

    private static List<Item> csv(InputStream body, int max) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String headerLine = lines.readLine();
        if (headerLine == null) return List.of();
        if (headerLine.startsWith("\uFEFF")) headerLine = headerLine.substring(1);
        List<String> header = cells(headerLine.strip(), "line 1");
        for (String column : header) {
            boolean known = column.equals("deviceId") || column.equals("deviceType") || column.equals("installedVersion")
                    || column.equals("securityToken") || (column.startsWith("attr.") && column.length() > 5);
            if (!known) throw FleetloopException.invalid("line 1", "unknown column '" + column + "' (deviceId, deviceType, installedVersion, securityToken, attr.<key>)");
        }
        if (!header.contains("deviceId") || !header.contains("deviceType")) throw FleetloopException.invalid("line 1", "the columns deviceId and deviceType are required");
        if (header.stream().distinct().count() != header.size()) throw FleetloopException.invalid("line 1", "a column appears twice");
        List<Item> items = new ArrayList<>();
        int number = 1;
        for (String line; (line = lines.readLine()) != null; ) {
            number++;
            if (line.isBlank()) continue;
            String label = "line " + number;
            List<String> cells = cells(line, label);
            if (cells.size() != header.size()) throw FleetloopException.invalid(label, cells.size() + " cells, the header has " + header.size());
            Map<String, String> row = new LinkedHashMap<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                String value = cells.get(i);
                if (value.isEmpty()) continue;
                if (header.get(i).startsWith("attr.")) attributes.put(header.get(i).substring(5), value);
                else row.put(header.get(i), value.strip());
            }
            items.add(new Item(label, new DeviceCommandController.DeviceRequest(row.get("deviceId"), deviceType(row.get("deviceType"), label),
                    attributes, row.get("installedVersion"), row.get("securityToken"))));
            limit(items, max);
        }
        return items;
    }

    /** One CSV record on one line (RFC 4180 quoting; a quoted cell may not span lines). */
    static List<String> cells(String line, String label) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) throw FleetloopException.invalid(label, "unterminated quoted cell");
        cells.add(cell.toString());
        return cells;
    }

    private static io.fleetloop.api.ota.DeviceType deviceType(String value, String label) {
        try {
            return io.fleetloop.api.ota.DeviceType.parse(value);
        } catch (IllegalArgumentException e) {
            throw FleetloopException.invalid(label + ": deviceType", "VEHICLE, ROBOT or INDUSTRIAL, not '" + value + "'");
        }
    }

    private static void limit(List<Item> items, int max) {
        if (items.size() > max) throw FleetloopException.invalid("body", "at most " + max + " devices per request");
    }

    private static FleetloopException unreadable(String label, Exception e) {
        if (e instanceof FleetloopException fe) return fe;
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return FleetloopException.invalid(label, "not a readable device: " + (message == null ? e.getClass().getSimpleName() : message.split("\n")[0]));
    }
}
