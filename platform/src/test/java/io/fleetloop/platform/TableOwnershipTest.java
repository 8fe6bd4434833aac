package io.fleetloop.platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Every table and index has exactly one owning module" (DESIGN.md §2), held against the list in the "Table
 * ownership" section of docs/architecture.md: reads every module's {@code src/main} (Flyway migrations, SQL in
 * Java, JPA {@code @Table} entities) and fails on a table created, indexed or written by a module that does not own
 * it, on a table without an owner, and on the command side or a saga reading a table it does not own. A table or
 * index a later migration drops is history: it needs no row.
 */
class TableOwnershipTest {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE;
    private static final String NAME = "([a-z_][\\w.]*)";
    private static final List<Pattern> CREATES = List.of(
            Pattern.compile("\\bcreate\\s+(?:temp\\s+|temporary\\s+|unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?" + NAME, FLAGS),
            Pattern.compile("\\balter\\s+table\\s+(?:if\\s+exists\\s+)?(?:only\\s+)?" + NAME, FLAGS));
    private static final Pattern DROP_TABLE = Pattern.compile("\\bdrop\\s+table\\s+(?:if\\s+exists\\s+)?" + NAME, FLAGS);
    private static final Pattern DROP_INDEX = Pattern.compile("\\bdrop\\s+index\\s+(?:concurrently\\s+)?(?:if\\s+exists\\s+)?" + NAME, FLAGS);
    private static final Pattern INDEX = Pattern.compile(
            "\\bcreate\\s+(?:unique\\s+)?index\\s+(?:concurrently\\s+)?(?:if\\s+not\\s+exists\\s+)?" + NAME + "\\s+on\\s+(?:only\\s+)?" + NAME, FLAGS);
    private static final List<Pattern> WRITES = List.of(
            Pattern.compile("\\binsert\\s+into\\s+" + NAME, FLAGS),
            Pattern.compile("\\bupdate\\s+" + NAME + "\\s+set\\b", FLAGS),
            Pattern.compile("\\bdelete\\s+from\\s+" + NAME, FLAGS),
            Pattern.compile("\\bmerge\\s+into\\s+" + NAME, FLAGS),
            Pattern.compile("\\btruncate\\s+table\\s+" + NAME, FLAGS),
            Pattern.compile("@Table\\s*\\(\\s*name\\s*=\\s*\"" + NAME + "\"", FLAGS));
    private static final Pattern READ = Pattern.compile("\\b(?:from|join)\\s+" + NAME, FLAGS);
    /** Modules that decide: they may read only what they own (DESIGN.md §2: never a read model). */
    private static final Set<String> DECIDING_MODULES = Set.of("command-side", "sagas");

    /** One use of a table (or, for {@link Kind#INDEX}, of an index on {@code table}) found in a module's sources. */
    record Use(Kind kind, String module, String table, String index, Path file) {
        @Override
        public String toString() {
            return module + " " + kind.name().toLowerCase(Locale.ROOT) + "s " + (index == null ? table : index + " on " + table) + " (" + file + ")";
        }
    }

    enum Kind { CREATE, DROP, INDEX, DROP_INDEX, WRITE, READ }

    record Owner(String module, Set<String> indexes) {
    }

    private static Path root;
    private static Map<String, Owner> tables;
    private static Map<String, String> searchIndices;
    private static List<Use> uses;

    @BeforeAll
    static void readDocsAndSources() throws IOException {
        root = repositoryRoot();
        tables = new LinkedHashMap<>();
        searchIndices = new LinkedHashMap<>();
        for (List<String> row : ownershipRows(Files.readString(root.resolve("docs/architecture.md")))) {
            if (row.size() == 4) {
                Set<String> indexes = new LinkedHashSet<>();
                Matcher names = Pattern.compile("`([^`]+)`").matcher(row.get(1));
                while (names.find()) indexes.add(names.group(1).toLowerCase(Locale.ROOT));
                Owner previous = tables.put(unquote(row.get(0)), new Owner(module(row.get(2)), indexes));
                assertThat(previous).as("table %s listed twice", row.get(0)).isNull();
            } else if (row.size() == 3) {
                searchIndices.put(unquote(row.get(0)), module(row.get(1)));
            }
        }
        uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(TableOwnershipTest::isMainSource).toList()) {
                scan(file);
            }
        }
    }

    @Test
    void theOwnershipListAndTheScanFoundWhatTheyMustFind() {
        assertThat(tables).as("rows of the Table ownership section").hasSizeGreaterThan(20).containsKeys("domain_event_entry", "asset_view");
        assertThat(searchIndices).as("search indices of the Table ownership section").isNotEmpty();
        assertThat(uses).as("SQL found in src/main").anyMatch(u -> u.kind() == Kind.CREATE && u.module().equals("platform"))
                .anyMatch(u -> u.kind() == Kind.WRITE && u.module().equals("projections"))
                .anyMatch(u -> u.kind() == Kind.WRITE && u.module().equals("command-side"));
    }

    @Test
    void everyTableHasAnOwnerAndOnlyTheOwnerCreatesAltersOrDropsIt() {
        Set<String> dropped = names(Kind.DROP, Use::table);
        assertThat(uses.stream().filter(u -> u.kind() == Kind.CREATE || u.kind() == Kind.DROP)
                .filter(u -> !owns(u.module(), u.table()) && !dropped.contains(u.table())).map(Use::toString))
                .as("tables created or altered by a module that does not own them (or by no listed owner)").isEmpty();
        assertThat(uses.stream().filter(u -> u.kind() == Kind.DROP && !tables.containsKey(u.table()))
                .filter(drop -> uses.stream().anyMatch(u -> u.kind() == Kind.CREATE && u.table().equals(drop.table()) && !u.module().equals(drop.module())))
                .map(Use::toString))
                .as("tables dropped by a module that did not create them").isEmpty();
    }

    @Test
    void everyIndexIsListedWithItsTableAndCreatedByTheTablesOwner() {
        Set<String> dropped = names(Kind.DROP_INDEX, Use::index);
        dropped.addAll(names(Kind.DROP, Use::table));
        assertThat(uses.stream().filter(u -> u.kind() == Kind.INDEX)
                .filter(u -> !dropped.contains(u.index()) && !dropped.contains(u.table()))
                .filter(u -> !owns(u.module(), u.table()) || !tables.get(u.table()).indexes().contains(u.index()))
                .map(Use::toString))
                .as("indexes not listed on their table's row, or created by another module").isEmpty();
    }

    @Test
    void onlyTheOwnerWritesATable() {
        assertThat(uses.stream().filter(u -> u.kind() == Kind.WRITE).filter(u -> !owns(u.module(), u.table())).map(Use::toString))
                .as("writes to a table the writing module does not own").isEmpty();
    }

    @Test
    void theCommandSideAndTheSagasReadOnlyTablesTheyOwn() {
        assertThat(uses.stream().filter(u -> u.kind() == Kind.READ).filter(u -> DECIDING_MODULES.contains(u.module()))
                .filter(u -> !owns(u.module(), u.table())).map(Use::toString))
                .as("decisions read from tables (read models) of another module").isEmpty();
    }

    @Test
    void everyListedTableAndIndexExists() {
        Set<String> created = new TreeSet<>();
        Set<String> indexes = new TreeSet<>();
        uses.stream().filter(u -> u.kind() == Kind.CREATE).forEach(u -> created.add(u.table()));
        uses.stream().filter(u -> u.kind() == Kind.INDEX).forEach(u -> indexes.add(u.index()));
        created.removeAll(names(Kind.DROP, Use::table));
        indexes.removeAll(names(Kind.DROP_INDEX, Use::index));
        assertThat(tables.keySet()).as("listed tables that no module creates").isSubsetOf(created);
        assertThat(tables.values().stream().flatMap(o -> o.indexes().stream()).toList()).as("listed indexes that no module creates")
                .isSubsetOf(indexes);
    }

    @Test
    void onlyTheOwnerOfASearchIndexTalksToElasticsearch() throws IOException {
        Set<String> owners = new TreeSet<>(searchIndices.values());
        List<String> others = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> isMainSource(f) && f.toString().endsWith(".java")).toList()) {
                // Code, not string literals: a bench that names the client's stack frames does not use the client.
                String code = withoutStringLiterals(Files.readString(file));
                if (!owners.contains(moduleOf(file)) && code.contains("co.elastic.clients.")) {
                    others.add(moduleOf(file) + " (" + root.relativize(file) + ")");
                }
            }
        }
        assertThat(owners).as("search index owners").hasSize(1);
        assertThat(others).as("modules using the Elasticsearch client without owning a search index").isEmpty();
    }

    /** The source with the contents of its string literals (and text blocks) left out. */
    static String withoutStringLiterals(String source) {
        StringBuilder code = new StringBuilder(source.length());
        boolean inString = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else {
                code.append(c);
                if (c == '"') inString = true;
                else if (c == '\'' && i + 2 < source.length()) { // a char literal, e.g. '"' or '\\'
                    int end = source.indexOf('\'', i + (source.charAt(i + 1) == '\\' ? 3 : 2));
                    if (end > 0 && end - i <= 8) i = end;
                }
            }
        }
        return code.toString();
    }

    private static Set<String> names(Kind kind, Function<Use, String> name) {
        Set<String> names = new TreeSet<>();
        uses.stream().filter(u -> u.kind() == kind).forEach(u -> names.add(name.apply(u)));
        return names;
    }

    private static boolean owns(String module, String table) {
        Owner owner = tables.get(table);
        return owner != null && owner.module().equals(module);
    }

    private static void scan(Path file) throws IOException {
        String module = moduleOf(file);
        Path relative = root.relativize(file);
        String text = withoutComments(Files.readString(file), file.toString().endsWith(".sql"));
        for (Pattern create : CREATES) {
            each(create, text, m -> uses.add(new Use(Kind.CREATE, module, table(m.group(1)), null, relative)));
        }
        each(DROP_TABLE, text, m -> uses.add(new Use(Kind.DROP, module, table(m.group(1)), null, relative)));
        each(INDEX, text, m -> uses.add(new Use(Kind.INDEX, module, table(m.group(2)), table(m.group(1)), relative)));
        each(DROP_INDEX, text, m -> uses.add(new Use(Kind.DROP_INDEX, module, null, table(m.group(1)), relative)));
        for (Pattern write : WRITES) {
            each(write, text, m -> uses.add(new Use(Kind.WRITE, module, table(m.group(1)), null, relative)));
        }
        if (!file.toString().endsWith(".java")) return;   // a migration's backfill runs once; decisions are made in code
        Set<String> known = new TreeSet<>(tables.keySet());
        each(READ, text, m -> {
            if (known.contains(table(m.group(1)))) uses.add(new Use(Kind.READ, module, table(m.group(1)), null, relative));
        });
    }

    private static void each(Pattern pattern, String text, Consumer<Matcher> action) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) action.accept(matcher);
    }

    /** Comments are prose ("delete from the bucket"), not SQL. */
    private static String withoutComments(String text, boolean sql) {
        String noBlocks = text.replaceAll("(?s)/\\*.*?\\*/", " ");
        return sql ? noBlocks.replaceAll("--[^\\n]*", " ") : noBlocks.replaceAll("(?m)^\\s*//[^\\n]*", " ");
    }

    private static String table(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("public.") ? lower.substring("public.".length()) : lower;
    }

    private static boolean isMainSource(Path file) {
        String path = root.relativize(file).toString().replace('\\', '/');
        return Files.isRegularFile(file) && path.contains("/src/main/") && !path.contains("/target/")
                && (path.endsWith(".java") || path.endsWith(".sql"));
    }

    /** The module is the repository's top-level folder ({@code local-infra/launcher} belongs to {@code local-infra}). */
    private static String moduleOf(Path file) {
        return root.relativize(file).getName(0).toString();
    }

    /** "platform (Axon)" is owned by the module {@code platform}. */
    private static String module(String cell) {
        return cell.replaceAll("\\(.*\\)", "").replace("`", "").trim();
    }

    private static String unquote(String cell) {
        return cell.replace("`", "").trim().toLowerCase(Locale.ROOT);
    }

    /** The cells of every table row in the "## Table ownership" section, header and separator rows left out. */
    static List<List<String>> ownershipRows(String markdown) {
        int start = markdown.indexOf("\n## Table ownership");
        assertThat(start).as("docs/architecture.md has a \"## Table ownership\" section").isNotNegative();
        int end = markdown.indexOf("\n## ", start + 1);
        String section = markdown.substring(start, end < 0 ? markdown.length() : end);
        List<List<String>> rows = new ArrayList<>();
        for (String line : section.split("\n")) {
            if (!line.startsWith("| `")) continue;
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) cells.add(cell.trim());
            rows.add(cells);
        }
        return rows;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/architecture.md")) && Files.isRegularFile(dir.resolve("pom.xml"))) return dir;
        }
        throw new UncheckedIOException(new IOException("no repository root with docs/architecture.md above " + Path.of("").toAbsolutePath()));
    }
}
