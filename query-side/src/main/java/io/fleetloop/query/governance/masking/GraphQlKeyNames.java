package io.fleetloop.query.governance.masking;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GraphQL response keys are aliases where the query chose them ({@code { v: vin }}), so the key alone would let
 * a query rename a field out of its rule. This reads the executed document and gives, for each response key, the
 * key and the schema field names it stands for (through fragments too).
 */
final class GraphQlKeyNames implements KeyNames {

    private final List<SelectionSet> selections;
    private final Map<String, FragmentDefinition> fragments;
    private Map<String, List<Field>> fieldsByKey;

    private GraphQlKeyNames(List<SelectionSet> selections, Map<String, FragmentDefinition> fragments) {
        this.selections = selections;
        this.fragments = fragments;
    }

    /**
     * The names of the executed operation; {@link KeyNames#PLAIN} when the document cannot be read (then the
     * execution failed too and there is no data to mask).
     */
    static KeyNames of(String query, String operationName) {
        if (query == null || query.isBlank()) return KeyNames.PLAIN;
        Document document;
        try {
            document = Parser.parse(query);
        } catch (RuntimeException unreadable) {
            return KeyNames.PLAIN;
        }
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.putIfAbsent(f.getName(), f));
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        OperationDefinition operation = operations.stream()
                .filter(o -> operationName == null || operationName.isBlank() ? operations.size() == 1 : operationName.equals(o.getName()))
                .findFirst().orElse(null);
        return operation == null ? KeyNames.PLAIN : new GraphQlKeyNames(List.of(operation.getSelectionSet()), fragments);
    }

    @Override
    public Collection<String> namesOf(String key) {
        Set<String> names = new LinkedHashSet<>();
        names.add(key);
        for (Field field : fields().getOrDefault(key, List.of())) names.add(field.getName());
        return names;
    }

    @Override
    public KeyNames child(String key) {
        List<SelectionSet> children = new ArrayList<>();
        for (Field field : fields().getOrDefault(key, List.of())) {
            if (field.getSelectionSet() != null) children.add(field.getSelectionSet());
        }
        return new GraphQlKeyNames(children, fragments);
    }

    private Map<String, List<Field>> fields() {
        if (fieldsByKey == null) {
            fieldsByKey = new LinkedHashMap<>();
            Set<String> visitedFragments = new HashSet<>();
            for (SelectionSet selection : selections) collect(selection, visitedFragments);
        }
        return fieldsByKey;
    }

    private void collect(SelectionSet selectionSet, Set<String> visitedFragments) {
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (selection instanceof Field field) {
                String key = field.getAlias() != null ? field.getAlias() : field.getName();
                fieldsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(field);
            } else if (selection instanceof InlineFragment inline) {
                collect(inline.getSelectionSet(), visitedFragments);
            } else if (selection instanceof FragmentSpread spread && visitedFragments.add(spread.getName())) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                if (fragment != null) collect(fragment.getSelectionSet(), visitedFragments);
            }
        }
    }
}
