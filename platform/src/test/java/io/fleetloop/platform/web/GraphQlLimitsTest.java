package io.fleetloop.platform.web;

import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Oversized GraphQL queries are refused with a clear error before they run; GraphiQL's own introspection still works. */
class GraphQlLimitsTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final Api api = platform.api("gql-" + UUID.randomUUID().toString().substring(0, 8));

    @Test
    void aQueryWithFiveThousandAliasesIsRefused() {
        String query = IntStream.range(0, 5000).mapToObj(i -> "a" + i + ": __typename").collect(Collectors.joining(" ", "{ ", " }"));

        long started = System.nanoTime();
        Api.Response response = api.graphql(query, Map.of());
        System.out.printf("5,000-alias query answered in %d ms: %s%n", (System.nanoTime() - started) / 1_000_000, response.json("/errors/0/message").asText());

        // graphql-java's parser may stop it first (at 15,000 tokens); either way nothing runs and the error says why
        assertThat(response.json("/data").isMissingNode() || response.json("/data").isNull()).as(response.raw()).isTrue();
        assertThat(response.json("/errors/0/message").asText()).as(response.raw()).containsAnyOf("aliases", "tokens");
    }

    @Test
    void moreThanAHundredAliasesAreRefused() {
        String query = IntStream.range(0, 101).mapToObj(i -> "a" + i + ": assets { total }").collect(Collectors.joining(" ", "{ ", " }"));

        assertRefused(api.graphql(query, Map.of()), "aliases");
        String allowed = IntStream.range(0, 100).mapToObj(i -> "a" + i + ": __typename").collect(Collectors.joining(" ", "{ ", " }"));
        assertThat(api.graphql(allowed, Map.of()).json("/data/a99").asText()).isEqualTo("Query");
    }

    @Test
    void aDepthFortyFiveIntrospectionQueryIsRefused() {
        String query = "{ __schema { types { " + "ofType { ".repeat(43) + "name" + " }".repeat(43) + " } } }";

        long started = System.nanoTime();
        Api.Response response = api.graphql(query, Map.of());
        System.out.printf("depth-45 introspection answered in %d ms: %s%n", (System.nanoTime() - started) / 1_000_000, response.json("/errors/0/message").asText());

        assertRefused(response, "levels deep");
    }

    @Test
    void tooManyFieldsThroughFragmentsAreRefused() {
        String fragment = IntStream.range(0, 40).mapToObj(i -> "t" + i + ": total").collect(Collectors.joining(" "));
        String query = "{ " + IntStream.range(0, 60).mapToObj(i -> "assets { ...F }").collect(Collectors.joining(" "))
                + " } fragment F on AssetPage { total " + fragment.replaceAll("t\\d+: ", "") + " }";

        Api.Response response = api.graphql(query, Map.of());

        assertThat(response.json("/errors/0/message").asText()).as(response.raw()).contains("query refused");
    }

    @Test
    void graphiqlsIntrospectionQueryStillWorks() {
        Api.Response response = api.graphql(GRAPHIQL_INTROSPECTION, Map.of());

        assertThat(response.json("/errors").isMissingNode()).as(response.raw()).isTrue();
        assertThat(response.json("/data/__schema/queryType/name").asText()).isEqualTo("Query");
        assertThat(response.json("/data/__schema/types").size()).isGreaterThan(10);
    }

    private static void assertRefused(Api.Response response, String why) {
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json("/data").isMissingNode() || response.json("/data").isNull()).as(response.raw()).isTrue();
        assertThat(response.json("/errors/0/message").asText()).as(response.raw()).startsWith("query refused").contains(why);
    }

    /** The query GraphiQL sends (graphql-js {@code getIntrospectionQuery}), with type references nine levels deep. */
    private static final String GRAPHIQL_INTROSPECTION = """
            query IntrospectionQuery {
              __schema {
                queryType { name } mutationType { name } subscriptionType { name }
                types { ...FullType }
                directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
              }
            }
            fragment FullType on __Type {
              kind name description specifiedByURL
              fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
              inputFields(includeDeprecated: true) { ...InputValue }
              interfaces { ...TypeRef }
              enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
              possibleTypes { ...TypeRef }
            }
            fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
            fragment TypeRef on __Type {
              kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType {
              kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
            }
            """;
}
