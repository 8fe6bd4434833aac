package io.fleetloop.platform.web;

import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.DocumentAndVariables;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.Definition;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;

import java.util.HashMap;
import java.util.Map;

/**
 * Refuses an oversized query right after parsing, before validation (whose overlapping-fields rule is quadratic in the
 * number of same-named fields) and before execution: more than {@code maxFields} field selections (fragments counted
 * where they are spread), more than {@code maxAliases} aliases, or selections nested deeper than {@code maxDepth}.
 * graphql-java's depth and complexity instrumentations stay behind it as a second check on the executed operation.
 */
final class GraphQlLimits extends SimplePerformantInstrumentation {

    private final int maxDepth;
    private final int maxFields;
    private final int maxAliases;

    GraphQlLimits(int maxDepth, int maxFields, int maxAliases) {
        this.maxDepth = maxDepth;
        this.maxFields = maxFields;
        this.maxAliases = maxAliases;
    }

    @Override
    public DocumentAndVariables instrumentDocumentAndVariables(DocumentAndVariables documentAndVariables,
                                                               InstrumentationExecutionParameters parameters, InstrumentationState state) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        for (Definition<?> definition : documentAndVariables.getDocument().getDefinitions()) {
            if (definition instanceof FragmentDefinition fragment) fragments.put(fragment.getName(), fragment);
        }
        Count count = new Count();
        for (Definition<?> definition : documentAndVariables.getDocument().getDefinitions()) {
            if (definition instanceof OperationDefinition operation) walk(operation.getSelectionSet(), 1, fragments, count);
        }
        return documentAndVariables;
    }

    private void walk(SelectionSet selections, int depth, Map<String, FragmentDefinition> fragments, Count count) {
        if (selections == null) return;
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field field) {
                if (depth > maxDepth) refuse("the query is nested " + depth + " levels deep; at most " + maxDepth + " are allowed");
                if (++count.fields > maxFields) refuse("the query selects more than " + maxFields + " fields");
                if (field.getAlias() != null && ++count.aliases > maxAliases) refuse("the query uses more than " + maxAliases + " aliases");
                walk(field.getSelectionSet(), depth + 1, fragments, count);
            } else if (selection instanceof InlineFragment inline) {
                walk(inline.getSelectionSet(), depth, fragments, count);
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                // an unknown or cyclic fragment is the validator's to report; the field count bounds the walk of a cycle
                if (fragment != null) walk(fragment.getSelectionSet(), depth, fragments, count);
            }
        }
    }

    private static void refuse(String why) {
        throw new AbortExecutionException("query refused: " + why);
    }

    private static final class Count {
        int fields;
        int aliases;
    }
}
