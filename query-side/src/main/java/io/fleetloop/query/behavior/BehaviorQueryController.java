package io.fleetloop.query.behavior;

import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.FeedbackDecisionView;
import io.fleetloop.api.behavior.FindFeedbackDecisionQuery;
import io.fleetloop.api.behavior.FindProblemSampleQuery;
import io.fleetloop.api.behavior.ListProblemSamplesQuery;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemSampleView;
import io.fleetloop.api.behavior.ProblemSamplesResponse;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.query.common.Queries;
import io.fleetloop.query.common.ReadsFrom;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Problem samples and feedback decisions with their backfill's progress (seed 000 §4, §10). */
@RestController
class BehaviorQueryController {

    private final Queries queries;

    BehaviorQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/problem-samples")
    @ReadsFrom("problem-samples")
    ProblemSamplesResponse samples(Caller caller, @RequestParam(required = false) String sessionId,
                                   @RequestParam(required = false) ProblemType problemType,
                                   @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return queries.get(new ListProblemSamplesQuery(caller.tenantId(), sessionId, problemType, new PageRequest(page, size)),
                ProblemSamplesResponse.class);
    }

    @GetMapping("/v1/problem-samples/{sampleId}")
    @ReadsFrom("problem-samples")
    ProblemSampleView sample(Caller caller, @PathVariable String sampleId) {
        return queries.require(new FindProblemSampleQuery(caller.tenantId(), new ProblemSampleId(sampleId)), ProblemSampleView.class,
                "problem sample", sampleId);
    }

    @GetMapping("/v1/feedback-decisions/{decisionId}")
    @ReadsFrom("feedback-decisions")
    FeedbackDecisionView decision(Caller caller, @PathVariable String decisionId) {
        return queries.require(new FindFeedbackDecisionQuery(caller.tenantId(), new FeedbackDecisionId(decisionId)), FeedbackDecisionView.class,
                "feedback decision", decisionId);
    }
}
