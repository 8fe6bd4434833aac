package io.fleetloop.query.governance.masking;

import java.util.Collection;
import java.util.List;

/**
 * The names a key of the data stands for when rules are matched. For JSON and maps that is the key itself; a GraphQL
 * response key may be an alias, so there it is the alias and the schema field it names ({@link GraphQlKeyNames}).
 */
interface KeyNames {

    KeyNames PLAIN = new KeyNames() {
        @Override
        public Collection<String> namesOf(String key) {
            return List.of(key);
        }

        @Override
        public KeyNames child(String key) {
            return this;
        }
    };

    /** The names to match rules against: never empty, the key itself included. */
    Collection<String> namesOf(String key);

    /** The names of the keys inside the value under {@code key}. */
    KeyNames child(String key);
}
