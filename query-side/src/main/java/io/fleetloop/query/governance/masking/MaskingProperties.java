package io.fleetloop.query.governance.masking;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * {@code fleetloop.masking}: query-time masking of personal data (see {@code docs/masking.md}).
 *
 * <pre>
 * fleetloop:
 *   masking:
 *     enabled: true                 # default true
 *     hash-key: ...                 # HMAC key of HASH, 16+ characters; else generated into &lt;data-dir&gt;/security/masking-hash.key
 *     rules:                        # when empty, {@link MaskingRule#DEFAULTS} apply (VIN, GPS, plate)
 *       - name: vin
 *         field: vin                # or a list: [latitude, longitude]; dotted suffixes work: gps.latitude
 *         strategy: MASK            # MASK | HASH | TRUNCATE | REDACT
 *         min-level: 50             # lowest role level that reads the clear value
 *         keep-last: 4              # MASK only; TRUNCATE takes decimals and length
 * </pre>
 */
@ConfigurationProperties("fleetloop.masking")
public record MaskingProperties(Boolean enabled, String hashKey, List<MaskingRule> rules) {

    public MaskingProperties {
        enabled = enabled == null || enabled;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** The configured rules, or the defaults when none are configured. */
    public List<MaskingRule> effectiveRules() {
        return rules.isEmpty() ? MaskingRule.DEFAULTS : rules;
    }

    /** Keeps the hash key out of logs and failure analyses. */
    @Override
    public String toString() {
        return "MaskingProperties[enabled=" + enabled + ", hashKey=" + (hashKey == null ? "none" : "(set)") + ", rules=" + rules + "]";
    }
}
