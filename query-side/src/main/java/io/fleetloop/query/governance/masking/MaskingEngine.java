package io.fleetloop.query.governance.masking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.governance.Role;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Applies the masking rules to what a caller of a given role level is about to read: a Jackson tree (in place) or
 * plain maps and lists such as a GraphQL result (as a copy). Works on any shape: a rule matches a key by name or
 * dotted path suffix at any depth, arrays included. Where several rules cover a value (at its key or an enclosing
 * one), the value is clear only to a caller who meets all of them; otherwise the unmet rule that hides most applies
 * (REDACT, then HASH, MASK, TRUNCATE; among equals the one with the higher min-level).
 */
public final class MaskingEngine {

    private static final String HMAC = "HmacSHA256";
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final List<List<String>> ROOT = List.of(List.of());

    private record Matcher(MaskingRule rule, List<String> path) {
    }

    private final List<MaskingRule> rules;
    private final Map<String, List<Matcher>> byLastSegment = new HashMap<>();
    private final int longestPath;
    private final SecretKeySpec hashKey;

    /** @param hashKey the HMAC key of HASH rules; may be null when no rule hashes */
    public MaskingEngine(List<MaskingRule> rules, byte[] hashKey) {
        this.rules = List.copyOf(rules);
        if (hashKey != null && hashKey.length == 0) throw new IllegalArgumentException("the masking hash key is empty");
        this.hashKey = hashKey == null ? null : new SecretKeySpec(hashKey, HMAC);
        if (this.hashKey == null && this.rules.stream().anyMatch(r -> r.strategy() == MaskingStrategy.HASH)) {
            throw new IllegalArgumentException("HASH masking rules need a hash key");
        }
        int longest = 0;
        for (MaskingRule rule : this.rules) {
            for (String field : rule.field()) {
                List<String> path = MaskingRule.FieldPath.segments(field);
                byLastSegment.computeIfAbsent(path.get(path.size() - 1), k -> new ArrayList<>()).add(new Matcher(rule, path));
                longest = Math.max(longest, path.size());
            }
        }
        this.longestPath = longest;
    }

    /** An engine that leaves everything clear ({@code fleetloop.masking.enabled=false}). */
    public static MaskingEngine disabled() {
        return new MaskingEngine(List.of(), null);
    }

    public List<MaskingRule> rules() {
        return rules;
    }

    public boolean enabled() {
        return !rules.isEmpty();
    }

    /** A caller's level is the highest level of their roles; no caller, or no known role, is level 0. */
    public static int levelOf(Caller caller) {
        return caller == null ? 0 : Role.levelOf(caller.roles());
    }

    /** Masks the tree in place and returns it; a tree that is itself a scalar has no key to match and stays as it is. */
    public JsonNode mask(JsonNode tree, int level) {
        return tree == null || !enabled() ? tree : json(tree, ROOT, KeyNames.PLAIN, null, level);
    }

    /** A masked copy of maps, lists and scalars (a {@link JsonNode} is masked in place instead). */
    public Object mask(Object data, int level) {
        return mask(data, level, KeyNames.PLAIN);
    }

    Object mask(Object data, int level, KeyNames names) {
        if (data == null || !enabled()) return data;
        return data instanceof JsonNode tree ? json(tree, ROOT, names, null, level) : plain(data, ROOT, names, null, level);
    }

    private JsonNode json(JsonNode node, List<List<String>> tails, KeyNames names, MaskingRule rule, int level) {
        if (rule != null && rule.strategy() == MaskingStrategy.REDACT) return NODES.nullNode();
        if (node instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>(object.size());
            object.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                List<List<String>> childTails = extend(tails, names.namesOf(key));
                JsonNode child = object.get(key);
                JsonNode masked = json(child, childTails, names.child(key), strictestUnmet(childTails, level, rule), level);
                if (masked != child) object.set(key, masked);
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                JsonNode masked = json(element, tails, names, rule, level);
                if (masked != element) array.set(i, masked);
            }
            return array;
        }
        return rule == null || node.isNull() ? node : toNode(apply(rule, fromNode(node)));
    }

    private Object plain(Object value, List<List<String>> tails, KeyNames names, MaskingRule rule, int level) {
        if (rule != null && rule.strategy() == MaskingStrategy.REDACT) return null;
        if (value instanceof JsonNode tree) return json(tree.deepCopy(), tails, names, rule, level);
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                List<List<String>> childTails = extend(tails, names.namesOf(key));
                copy.put(k, plain(v, childTails, names.child(key), strictestUnmet(childTails, level, rule), level));
            });
            return copy;
        }
        if (value instanceof Collection<?> || value instanceof Object[]) {
            Collection<?> elements = value instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) value;
            List<Object> copy = new ArrayList<>(elements.size());
            for (Object element : elements) copy.add(plain(element, tails, names, rule, level));
            return copy;
        }
        return rule == null ? value : apply(rule, value);
    }

    /** The paths leading to a key, each cut to the longest rule path; several when a key stands for several names. */
    private List<List<String>> extend(List<List<String>> tails, Collection<String> names) {
        List<List<String>> extended = new ArrayList<>(tails.size() * names.size());
        for (List<String> tail : tails) {
            for (String name : names) {
                List<String> path = new ArrayList<>(tail);
                int before = path.size();
                for (String part : name.split("\\.")) {
                    String normalized = MaskingRule.FieldPath.normalize(part);
                    if (!normalized.isEmpty()) path.add(normalized);
                }
                // A key without a usable name still is a step of the path, one no rule matches.
                if (path.size() == before) path.add("");
                List<String> cut = path.size() > longestPath ? List.copyOf(path.subList(path.size() - longestPath, path.size())) : path;
                if (!extended.contains(cut)) extended.add(cut);
            }
        }
        return extended;
    }

    private MaskingRule strictestUnmet(List<List<String>> tails, int level, MaskingRule inherited) {
        MaskingRule chosen = inherited;
        for (List<String> tail : tails) {
            for (Matcher matcher : byLastSegment.getOrDefault(tail.get(tail.size() - 1), List.of())) {
                if (!matcher.rule().clearFor(level) && endsWith(tail, matcher.path())) chosen = stricter(chosen, matcher.rule());
            }
        }
        return chosen;
    }

    private static boolean endsWith(List<String> path, List<String> suffix) {
        int offset = path.size() - suffix.size();
        return offset >= 0 && path.subList(offset, path.size()).equals(suffix);
    }

    private static MaskingRule stricter(MaskingRule current, MaskingRule candidate) {
        if (current == null) return candidate;
        int bySeverity = Integer.compare(severity(candidate.strategy()), severity(current.strategy()));
        if (bySeverity != 0) return bySeverity > 0 ? candidate : current;
        return candidate.minLevel() > current.minLevel() ? candidate : current;
    }

    private static int severity(MaskingStrategy strategy) {
        return switch (strategy) {
            case REDACT -> 3;
            case HASH -> 2;
            case MASK -> 1;
            case TRUNCATE -> 0;
        };
    }

    private Object apply(MaskingRule rule, Object value) {
        if (value == null) return null;
        return switch (rule.strategy()) {
            case REDACT -> null;
            case MASK -> maskText(text(value), rule.keepLast());
            case HASH -> hash(text(value));
            case TRUNCATE -> truncate(value, rule.decimals(), rule.length());
        };
    }

    static String maskText(String text, int keepLast) {
        int count = text.codePointCount(0, text.length());
        int hidden = keepLast < count ? count - keepLast : count;
        return "*".repeat(hidden) + text.substring(text.offsetByCodePoints(0, hidden));
    }

    String hash(String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(hashKey);
            byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return "h:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    static Object truncate(Object value, int decimals, int length) {
        if (value instanceof Boolean) return value;
        if (value instanceof Number number) return floor(number, decimals);
        String text = text(value);
        String trimmed = text.strip();
        if (DECIMAL.matcher(trimmed).matches()) {
            BigDecimal decimal = new BigDecimal(trimmed);
            return decimal.scale() <= decimals ? text : decimal.setScale(decimals, RoundingMode.FLOOR).toPlainString();
        }
        int count = text.codePointCount(0, text.length());
        return count <= length ? text : text.substring(0, text.offsetByCodePoints(0, length)) + "…";
    }

    /** Rounds down (towards negative infinity, so every value of a cell lands on the same corner); integers stay. */
    private static Number floor(Number number, int decimals) {
        if (number instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) return d;
            BigDecimal exact = BigDecimal.valueOf(d);
            return exact.scale() <= decimals ? d : exact.setScale(decimals, RoundingMode.FLOOR).doubleValue();
        }
        if (number instanceof Float f) {
            if (f.isNaN() || f.isInfinite()) return f;
            BigDecimal exact = new BigDecimal(Float.toString(f));
            return exact.scale() <= decimals ? f : exact.setScale(decimals, RoundingMode.FLOOR).floatValue();
        }
        if (number instanceof BigDecimal exact) {
            return exact.scale() <= decimals ? exact : exact.setScale(decimals, RoundingMode.FLOOR);
        }
        return number;
    }

    private static String text(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
    }

    private static Object fromNode(JsonNode node) {
        if (node.isTextual()) return node.textValue();
        if (node.isNumber()) return node.numberValue();
        if (node.isBoolean()) return node.booleanValue();
        return node.asText();
    }

    private static JsonNode toNode(Object value) {
        if (value == null) return NODES.nullNode();
        if (value instanceof String text) return NODES.textNode(text);
        if (value instanceof Boolean bool) return NODES.booleanNode(bool);
        if (value instanceof Integer i) return NODES.numberNode(i);
        if (value instanceof Long l) return NODES.numberNode(l);
        if (value instanceof Short s) return NODES.numberNode(s);
        if (value instanceof Double d) return NODES.numberNode(d);
        if (value instanceof Float f) return NODES.numberNode(f);
        if (value instanceof BigDecimal decimal) return NODES.numberNode(decimal);
        if (value instanceof BigInteger integer) return NODES.numberNode(integer);
        return NODES.textNode(String.valueOf(value));
    }
}
