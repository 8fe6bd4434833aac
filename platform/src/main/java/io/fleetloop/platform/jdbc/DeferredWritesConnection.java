package io.fleetloop.platform.jdbc;

import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pooled connection whose write-only inserts (the event append, the audit record, the command side's lookup rows)
 * wait inside the transaction and go to PostgreSQL together with the {@code COMMIT}: one round trip per command
 * transaction instead of one per statement plus one for the commit.
 * <p>
 * Order and visibility stay as if each statement had run at once: before any other use of the connection (another
 * statement, a query, a savepoint, unwrapping) the waiting statements are sent first, in the order they were issued.
 * {@code rollback()} drops them; {@code commit()} sends them and {@code COMMIT} as one multi-statement request (one
 * Sync: when a statement fails, PostgreSQL skips the rest including the COMMIT and the transaction is rolled back).
 * Durability is unchanged: the COMMIT is the same COMMIT, with {@code synchronous_commit} as configured.
 * Only inside a transaction (auto-commit off); with auto-commit on every statement runs at once.
 * <p>
 * A unique violation of the event table is reported as Axon's JDBC engine reports it on append —
 * {@link AggregateStreamCreationException} for a first event, else {@link ConcurrencyException} — so callers that
 * read "registered already" (CommandRefusals) see what they saw when the append ran at once.
 */
final class DeferredWritesConnection implements InvocationHandler {

    private static final Logger log = LoggerFactory.getLogger(DeferredWritesConnection.class);

    /** Batches larger than this go to the server as one JDBC batch at once (multi-row insert), not as waiting statements. */
    static final int MAX_DEFERRED_BATCH = 16;

    /** Connection methods that neither read nor write rows: no need to send the waiting statements first. */
    private static final Set<String> HARMLESS = Set.of("getAutoCommit", "isClosed", "isReadOnly", "getTransactionIsolation",
            "getMetaData", "getWarnings", "clearWarnings", "getHoldability", "getSchema", "getCatalog", "getNetworkTimeout",
            "getClientInfo", "getTypeMap", "isValid", "toString", "hashCode", "equals");

    private static final Pattern EVENT_KEY = Pattern.compile("\\)=\\((.*), (\\d+)\\) already exists");

    private final Connection target;
    private final Predicate<String> deferrable;
    private final Connection proxy;
    private final List<Pending> pending = new ArrayList<>();

    private DeferredWritesConnection(Connection target, Predicate<String> deferrable) {
        this.target = target;
        this.deferrable = deferrable;
        this.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, this);
    }

    static Connection wrap(Connection target, Predicate<String> deferrable) {
        return new DeferredWritesConnection(target, deferrable).proxy;
    }

    /** One waiting statement: its SQL, its parameter count and the calls that set its parameters. */
    private record Pending(String sql, int parameters, List<Call> calls) {
    }

    /** A recorded {@code setXxx(index, ...)} call. */
    private record Call(Method method, Object[] args) {
        Object[] shifted(int offset) {
            Object[] copy = args.clone();
            copy[0] = (Integer) copy[0] + offset;
            return copy;
        }
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "prepareStatement":
                if (args.length == 1 && !target.getAutoCommit() && deferrable.test((String) args[0])) {
                    return new DeferredStatement((String) args[0]).proxy;
                }
                break;
            case "commit":
                if (!pending.isEmpty()) {
                    send(true);
                }
                break;
            case "rollback":
                // rollback() drops everything; rollback(savepoint) what came after the savepoint, which is all that waits
                // (setSavepoint sent what waited before it)
                discard();
                break;
            case "close":
                if (!pending.isEmpty()) {
                    log.warn("connection closed with {} statements neither committed nor rolled back; dropped", pending.size());
                    discard();
                }
                break;
            case "unwrap":
            case "isWrapperFor":
                if (((Class<?>) args[0]).isInstance(proxy)) {
                    return name.equals("unwrap") ? proxy : true;
                }
                break;
            default:
                break;
        }
        if (!pending.isEmpty() && !HARMLESS.contains(name) && !name.equals("rollback") && !name.equals("close")) {
            send(false);
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void discard() {
        pending.clear();
    }

    /** Sends the waiting statements (and the COMMIT) as one request; a failure leaves the transaction to be rolled back. */
    private void send(boolean commit) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (Pending p : pending) {
            sql.append(p.sql()).append(";\n");
        }
        if (commit) {
            sql.append("COMMIT");
        }
        List<Pending> sending = new ArrayList<>(pending);
        discard();
        try (PreparedStatement statement = target.prepareStatement(sql.toString())) {
            int offset = 0;
            for (Pending p : sending) {
                for (Call call : p.calls()) {
                    call.method().invoke(statement, call.shifted(offset));
                }
                offset += p.parameters();
            }
            statement.execute();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new SQLException(e);
        } catch (SQLException e) {
            throw translated(e);
        }
    }

    /** A unique violation of the event table, as Axon's JDBC engine reports it on append. */
    private static SQLException translated(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null || !"23505".equals(e.getSQLState()) || !"domain_event_entry".equals(server.getTable())) {
            return e;
        }
        Matcher key = EVENT_KEY.matcher(server.getDetail() == null ? "" : server.getDetail());
        boolean found = key.find();
        if (found && key.group(2).equals("0")) {
            AggregateStreamCreationException refusal =
                    new AggregateStreamCreationException("Cannot reuse aggregate identifier [" + key.group(1) + "] to create aggregate");
            refusal.initCause(e);
            throw refusal;
        }
        throw new ConcurrencyException(found
                ? String.format(Locale.ROOT, "An event for aggregate [%s] at sequence [%s] was already inserted", key.group(1), key.group(2))
                : "An event was already inserted: " + server.getDetail(), e);
    }

    /** Counts the {@code ?} placeholders outside quoted literals and identifiers. */
    /** The statement stripped and without trailing semicolons (by hand: a regex here was 3 % of a command's CPU). */
    static String withoutTrailingSemicolons(String sql) {
        String stripped = sql.strip();
        int end = stripped.length();
        while (end > 0 && stripped.charAt(end - 1) == ';') end--;
        return stripped.substring(0, end);
    }

    static int parameters(String sql) {
        int count = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '?') {
                count++;
            }
        }
        return count;
    }

    /**
     * A prepared statement of a deferrable insert: records its parameters; {@code executeUpdate}, {@code execute} and
     * small batches add it to the connection's waiting statements. Anything else (a large batch, a query, reading
     * results) turns it into a real statement after the waiting ones were sent.
     */
    private final class DeferredStatement implements InvocationHandler {

        private static final Set<String> IGNORED = Set.of("setQueryTimeout", "setFetchSize", "setMaxRows", "setPoolable",
                "setEscapeProcessing", "setLargeMaxRows", "setFetchDirection");

        private final String sql;
        private final int parameters;
        private final PreparedStatement proxy;
        /**
         * The current parameter values, one call per index (the last {@code setXxx} of an index wins). They stay set
         * after {@code addBatch}, as JDBC says, so each batch row copies only these: a 1,000-row batch copies 1,000
         * times the parameter count, not a list that grew with every row (which made large appends quadratic).
         */
        private Map<Integer, Call> calls = new TreeMap<>();
        private final List<List<Call>> batch = new ArrayList<>();
        private final List<Call> settings = new ArrayList<>();
        private PreparedStatement real;
        private boolean closed;

        DeferredStatement(String sql) {
            this.sql = withoutTrailingSemicolons(sql);
            this.parameters = parameters(this.sql);
            this.proxy = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            if (real != null) {
                return delegate(method, args);
            }
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer && !IGNORED.contains(name)) {
                calls.put((Integer) args[0], new Call(method, args.clone()));
                return null;
            }
            switch (name) {
                case "clearParameters":
                    calls = new TreeMap<>();
                    return null;
                case "addBatch":
                    if (args == null || args.length == 0) {
                        batch.add(List.copyOf(calls.values()));
                        return null;
                    }
                    break;
                case "clearBatch":
                    batch.clear();
                    return null;
                case "executeUpdate":
                case "execute":
                case "executeLargeUpdate":
                    if (args == null || args.length == 0) {
                        enqueue(List.copyOf(calls.values()));
                        return name.equals("execute") ? Boolean.FALSE : name.equals("executeUpdate") ? (Object) 1 : (Object) 1L;
                    }
                    break;
                case "executeBatch":
                case "executeLargeBatch":
                    if (batch.size() <= MAX_DEFERRED_BATCH) {
                        int size = batch.size();
                        batch.forEach(this::enqueue);
                        batch.clear();
                        if (name.equals("executeBatch")) {
                            int[] counts = new int[size];
                            Arrays.fill(counts, Statement.SUCCESS_NO_INFO);
                            return counts;
                        }
                        long[] counts = new long[size];
                        Arrays.fill(counts, Statement.SUCCESS_NO_INFO);
                        return counts;
                    }
                    break;
                case "close":
                    closed = true;
                    return null;
                case "isClosed":
                    return closed;
                case "getConnection":
                    return DeferredWritesConnection.this.proxy;
                case "getWarnings":
                    return null;
                case "clearWarnings":
                    return null;
                case "toString":
                    return "deferred: " + sql;
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    if (IGNORED.contains(name)) {
                        settings.add(new Call(method, args.clone()));
                        return null;
                    }
                    break;
            }
            materialize();
            return delegate(method, args);
        }

        private void enqueue(List<Call> parameterCalls) {
            pending.add(new Pending(sql, parameters, parameterCalls));
        }

        /** Becomes a real statement: the waiting statements go first, then this one's recorded state is replayed. */
        private void materialize() throws Throwable {
            if (!pending.isEmpty()) {
                send(false);
            }
            real = target.prepareStatement(sql);
            for (Call setting : settings) {
                setting.method().invoke(real, setting.args());
            }
            for (List<Call> row : batch) {
                for (Call call : row) {
                    call.method().invoke(real, call.args());
                }
                real.addBatch();
            }
            batch.clear();
            for (Call call : calls.values()) {
                call.method().invoke(real, call.args());
            }
        }

        private Object delegate(Method method, Object[] args) throws Throwable {
            try {
                if (method.getName().equals("getConnection")) return DeferredWritesConnection.this.proxy;
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /** Lower-cased, single-spaced start of a statement, for matching. */
    static String normalized(String sql) {
        return sql.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
