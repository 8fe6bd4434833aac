package io.fleetloop.formats.dbc;

import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.dbc.DbcSignal.Multiplex;
import io.fleetloop.formats.dbc.DbcSignal.ValueType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the parts of a Vector DBC file that decoding needs: {@code BO_} messages, {@code SG_} signals (start bit,
 * length, byte order, sign, factor/offset, range, unit, receivers, simple multiplexing {@code M} / {@code m<n>}),
 * {@code VAL_} value tables, {@code CM_} comments of messages and signals and {@code SIG_VALTYPE_} (float signals).
 * Every other section (NS_, BS_, BU_, BA_DEF_, BA_, VAL_TABLE_, ...) is tolerated and ignored; a line that looks
 * like a message or signal but does not parse is reported with its line number and skipped.
 */
public final class DbcParser {

    private static final Pattern MESSAGE = Pattern.compile("^BO_\\s+(\\d+)\\s+(\\w+)\\s*:\\s*(\\d+)\\s+(\\S+)\\s*$");
    private static final Pattern SIGNAL = Pattern.compile(
            "^SG_\\s+(\\w+)\\s*(M|m\\d+M?)?\\s*:\\s*(\\d+)\\|(\\d+)@([01])([+-])\\s*"
                    + "\\(\\s*([^,\\s]+)\\s*,\\s*([^)\\s]+)\\s*\\)\\s*\\[\\s*([^|\\s]+)\\s*\\|\\s*([^\\]\\s]+)\\s*]\\s*"
                    + "\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(.*)$");
    private static final Pattern VALUE_TABLE = Pattern.compile("^VAL_\\s+(\\d+)\\s+(\\w+)\\s+(.*);\\s*$", Pattern.DOTALL);
    private static final Pattern VALUE_ENTRY = Pattern.compile("(-?\\d+)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern MESSAGE_COMMENT = Pattern.compile("^CM_\\s+BO_\\s+(\\d+)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*;\\s*$", Pattern.DOTALL);
    private static final Pattern SIGNAL_COMMENT = Pattern.compile("^CM_\\s+SG_\\s+(\\d+)\\s+(\\w+)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*;\\s*$", Pattern.DOTALL);
    private static final Pattern VALUE_TYPE = Pattern.compile("^SIG_VALTYPE_\\s+(\\d+)\\s+(\\w+)\\s*:?\\s*([012])\\s*;\\s*$");

    private DbcParser() {
    }

    public static DbcFile parse(String text) {
        try {
            return parse(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        }
    }

    public static DbcFile parse(Reader reader) throws IOException {
        return new State().run(new BufferedReader(reader));
    }

    /** Messages keep their DBC id (bit 31 = extended) until the end, when comments and tables are attached. */
    private static final class State {
        private final Map<Long, MessageBuilder> messages = new LinkedHashMap<>();
        private final Map<String, Map<Long, String>> valueTables = new HashMap<>();
        private final Map<String, String> signalComments = new HashMap<>();
        private final Map<String, ValueType> valueTypes = new HashMap<>();
        private final List<SourceError> errors = new ArrayList<>();
        private MessageBuilder current;

        DbcFile run(BufferedReader in) throws IOException {
            String line;
            long lineNumber = 0;
            StringBuilder statement = null;
            long statementLine = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                String trimmed = line.strip();
                if (statement != null) {
                    statement.append('\n').append(line);
                    if (terminated(statement)) {
                        statement(statement.toString().strip(), statementLine);
                        statement = null;
                    }
                    continue;
                }
                String keyword = trimmed.split("\\s", 2)[0];
                if (keyword.equals(trimmed) && !keyword.isEmpty()) {
                    continue; // a bare keyword: an entry of the NS_ (new symbols) list
                }
                switch (keyword) {
                    case "BO_" -> message(trimmed, lineNumber);
                    case "SG_" -> signal(trimmed, lineNumber);
                    case "CM_", "VAL_", "SIG_VALTYPE_", "BA_", "BA_DEF_", "BA_DEF_DEF_", "VAL_TABLE_", "EV_",
                         "SIG_GROUP_", "BO_TX_BU_", "SG_MUL_VAL_" -> {
                        // Statements ending in ';', possibly spanning lines (comments with newlines).
                        StringBuilder sb = new StringBuilder(line);
                        if (terminated(sb)) {
                            statement(trimmed, lineNumber);
                        } else {
                            statement = sb;
                            statementLine = lineNumber;
                        }
                    }
                    default -> current = trimmed.isEmpty() ? current : null;
                }
            }
            if (statement != null) {
                errors.add(SourceError.atLine(statementLine, "statement not terminated by ';' before end of file"));
            }
            return build();
        }

        private static boolean terminated(CharSequence s) {
            boolean quoted = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && quoted) {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ';' && !quoted) {
                    return true;
                }
            }
            return false;
        }

        private void message(String line, long lineNumber) {
            Matcher m = MESSAGE.matcher(line);
            if (!m.matches()) {
                errors.add(SourceError.atLine(lineNumber, "malformed BO_ line: " + line));
                current = null;
                return;
            }
            long dbcId = Long.parseLong(m.group(1));
            current = new MessageBuilder(dbcId, m.group(2), Integer.parseInt(m.group(3)), m.group(4));
            messages.put(dbcId, current);
        }

        private void signal(String line, long lineNumber) {
            if (current == null) {
                errors.add(SourceError.atLine(lineNumber, "SG_ outside a BO_ message"));
                return;
            }
            Matcher m = SIGNAL.matcher(line);
            if (!m.matches()) {
                errors.add(SourceError.atLine(lineNumber, "malformed SG_ line: " + line));
                return;
            }
            try {
                String mux = m.group(2);
                Multiplex multiplex = mux == null ? Multiplex.NONE
                        : mux.equals("M") ? Multiplex.MULTIPLEXER : Multiplex.MULTIPLEXED;
                long muxValue = multiplex == Multiplex.MULTIPLEXED ? Long.parseLong(mux.replaceAll("[mM]", "")) : 0;
                int length = Integer.parseInt(m.group(4));
                if (length < 1 || length > 64) {
                    throw new IllegalArgumentException("signal length " + length + " outside 1..64");
                }
                List<String> receivers = Arrays.stream(m.group(12).strip().split("[,\\s]+"))
                        .filter(r -> !r.isEmpty()).toList();
                current.signals.add(new DbcSignal(m.group(1), Integer.parseInt(m.group(3)), length,
                        m.group(5).equals("1"), m.group(6).equals("-"), ValueType.INTEGER,
                        Double.parseDouble(m.group(7)), Double.parseDouble(m.group(8)),
                        Double.parseDouble(m.group(9)), Double.parseDouble(m.group(10)), m.group(11),
                        receivers, multiplex, muxValue, Map.of(), ""));
            } catch (IllegalArgumentException e) {
                errors.add(SourceError.atLine(lineNumber, "bad SG_ " + m.group(1) + ": " + e.getMessage()));
            }
        }

        private void statement(String text, long lineNumber) {
            Matcher m;
            if ((m = VALUE_TABLE.matcher(text)).matches()) {
                Map<Long, String> table = new LinkedHashMap<>();
                Matcher entry = VALUE_ENTRY.matcher(m.group(3));
                while (entry.find()) {
                    table.put(Long.parseLong(entry.group(1)), entry.group(2));
                }
                valueTables.put(m.group(1) + "/" + m.group(2), table);
            } else if ((m = MESSAGE_COMMENT.matcher(text)).matches()) {
                MessageBuilder b = messages.get(Long.parseLong(m.group(1)));
                if (b != null) {
                    b.comment = m.group(2);
                }
            } else if ((m = SIGNAL_COMMENT.matcher(text)).matches()) {
                signalComments.put(m.group(1) + "/" + m.group(2), m.group(3));
            } else if ((m = VALUE_TYPE.matcher(text)).matches()) {
                ValueType type = switch (m.group(3)) {
                    case "1" -> ValueType.FLOAT;
                    case "2" -> ValueType.DOUBLE;
                    default -> ValueType.INTEGER;
                };
                valueTypes.put(m.group(1) + "/" + m.group(2), type);
            } else if (text.startsWith("VAL_ ") && text.matches("(?s)VAL_\\s+\\d+.*")) {
                errors.add(SourceError.atLine(lineNumber, "malformed VAL_ statement"));
            }
            // Other statements (attributes, other comment kinds, environment variables) are not needed to decode.
        }

        private DbcFile build() {
            List<DbcMessage> out = new ArrayList<>();
            for (MessageBuilder b : messages.values()) {
                List<DbcSignal> signals = b.signals.stream().map(s -> {
                    String key = b.dbcId + "/" + s.name();
                    return s.with(valueTypes.getOrDefault(key, ValueType.INTEGER),
                            Map.copyOf(valueTables.getOrDefault(key, Map.of())), signalComments.getOrDefault(key, ""));
                }).toList();
                boolean extended = (b.dbcId & 0x80000000L) != 0;
                out.add(new DbcMessage((int) (b.dbcId & 0x1FFFFFFFL), extended, b.name, b.length, b.transmitter,
                        signals, b.comment));
            }
            return new DbcFile(out, errors);
        }
    }

    private static final class MessageBuilder {
        final long dbcId;
        final String name;
        final int length;
        final String transmitter;
        final List<DbcSignal> signals = new ArrayList<>();
        String comment = "";

        MessageBuilder(long dbcId, String name, int length, String transmitter) {
            this.dbcId = dbcId;
            this.name = name;
            this.length = length;
            this.transmitter = transmitter;
        }
    }
}
