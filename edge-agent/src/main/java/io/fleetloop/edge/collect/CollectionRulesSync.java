package io.fleetloop.edge.collect;

import io.fleetloop.ddi.json.model.DdiCollectionRule;
import io.fleetloop.ddi.json.model.DdiCollectionRules;
import io.fleetloop.ddi.json.model.DdiControllerBase;
import io.fleetloop.ddi.rest.api.DdiRestConstants;
import io.fleetloop.edge.ota.DdiClient;
import io.fleetloop.formats.segment.SegmentDictionary;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/**
 * Keeps a device's edge collection rules in step with the platform: on each poll whose base offers
 * {@code collectionRules}, asks for them with the version it runs ({@code If-None-Match}); only a changed version is
 * downloaded, compiled ({@link RuleEvaluator}) and reported back ({@code PUT collection-rules/status}). A rules fetch
 * that fails leaves the running rules in place and never stops the OTA poll. A rule whose compression names a trained
 * dictionary (an asset id) gets it from {@code GET collection-rules/dictionaries/{assetId}} once (cached by asset id,
 * its sha256 checked against the answer's ETag); a dictionary that cannot be fetched keeps the running rules too.
 */
public final class CollectionRulesSync {

    /** A rule as the device runs it: the served rule and its compiled expression (null when it has none). */
    public record ActiveRule(DdiCollectionRule rule, RuleEvaluator.Rule expression, SegmentDictionary dictionary) {

        public ActiveRule(DdiCollectionRule rule, RuleEvaluator.Rule expression) {
            this(rule, expression, null);
        }

        public boolean expressionFires(Map<String, Double> signals) {
            return expression != null && expression.test(signals);
        }
    }

    private final DdiClient ddi;
    private final String controllerId;
    private final RuleEvaluator evaluator;
    private volatile String version;
    private volatile List<ActiveRule> rules = List.of();
    private volatile String lastError;
    private final Map<String, SegmentDictionary> dictionaries = new ConcurrentHashMap<>();

    public CollectionRulesSync(DdiClient ddi, String controllerId, RuleEvaluator evaluator) {
        this.ddi = ddi;
        this.controllerId = controllerId;
        this.evaluator = evaluator;
    }

    /** @return true when new rules were taken */
    public boolean onPoll(DdiControllerBase base) throws InterruptedException {
        Optional<String> href = base.href(DdiRestConstants.COLLECTION_RULES_ACTION);
        if (href.isEmpty()) return false;
        try {
            Optional<DdiCollectionRules> fetched = ddi.collectionRules(href.get(), version);
            if (fetched.isEmpty()) return false;
            List<ActiveRule> compiled = new ArrayList<>();
            for (DdiCollectionRule rule : fetched.get().rulesOrEmpty()) {
                String expression = rule.trigger() == null ? null : rule.trigger().expression();
                String dictionaryId = rule.compression() == null ? null : rule.compression().dictionary();
                SegmentDictionary dictionary = dictionaryId == null ? null : dictionary(href.get(), dictionaryId);
                compiled.add(new ActiveRule(rule, expression == null || expression.isBlank() ? null : evaluator.compile(expression), dictionary));
            }
            rules = List.copyOf(compiled);
            version = fetched.get().version();
            ddi.collectionRulesStatus(href.get(), version);
            lastError = null;
            return true;
        } catch (IOException | RuntimeException e) {
            lastError = e.getMessage();
            return false;
        }
    }

    private SegmentDictionary dictionary(String rulesHref, String assetId) throws IOException, InterruptedException {
        SegmentDictionary cached = dictionaries.get(assetId);
        if (cached != null) return cached;
        SegmentDictionary fetched = SegmentDictionary.of(ddi.collectionDictionary(rulesHref, assetId));
        dictionaries.put(assetId, fetched);
        return fetched;
    }

    /** The dictionaries downloaded so far, by asset id. */
    public Map<String, SegmentDictionary> dictionaries() {
        return Map.copyOf(dictionaries);
    }

    public String version() {
        return version;
    }

    public List<ActiveRule> rules() {
        return rules;
    }

    public String lastError() {
        return lastError;
    }
}
