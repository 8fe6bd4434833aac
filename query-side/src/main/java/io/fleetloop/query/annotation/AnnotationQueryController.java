package io.fleetloop.query.annotation;

import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.AnnotationResultView;
import io.fleetloop.api.annotation.AnnotationResultsResponse;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationTaskStatus;
import io.fleetloop.api.annotation.AnnotationTaskView;
import io.fleetloop.api.annotation.AnnotationTasksResponse;
import io.fleetloop.api.annotation.FindAnnotationResultQuery;
import io.fleetloop.api.annotation.FindAnnotationTaskQuery;
import io.fleetloop.api.annotation.ListAnnotationResultsQuery;
import io.fleetloop.api.annotation.ListAnnotationTasksQuery;
import io.fleetloop.api.annotation.ReviewQueue;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.query.common.Queries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Annotation tasks with progress, results and QC queues (seed 000 §3). */
@RestController
class AnnotationQueryController {

    private final Queries queries;

    AnnotationQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/annotation-tasks")
    AnnotationTasksResponse tasks(Caller caller, @RequestParam(required = false) AnnotationTaskStatus status,
                                  @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return queries.get(new ListAnnotationTasksQuery(caller.tenantId(), status, new PageRequest(page, size)), AnnotationTasksResponse.class);
    }

    @GetMapping("/v1/annotation-tasks/{taskId}")
    AnnotationTaskView task(Caller caller, @PathVariable String taskId) {
        return queries.require(new FindAnnotationTaskQuery(caller.tenantId(), new AnnotationTaskId(taskId)), AnnotationTaskView.class,
                "annotation task", taskId);
    }

    /** A task's results, or with {@code queue} one QC queue of it. */
    @GetMapping("/v1/annotation-tasks/{taskId}/results")
    AnnotationResultsResponse results(Caller caller, @PathVariable String taskId, @RequestParam(required = false) ReviewQueue queue,
                                      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        task(caller, taskId);
        return queries.get(new ListAnnotationResultsQuery(caller.tenantId(), new AnnotationTaskId(taskId), queue,
                new PageRequest(page, size)), AnnotationResultsResponse.class);
    }

    /** A QC queue across all of the tenant's tasks, oldest first: what a reviewer works through. */
    @GetMapping("/v1/annotation-queues/{queue}")
    AnnotationResultsResponse queue(Caller caller, @PathVariable ReviewQueue queue,
                                    @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return queries.get(new ListAnnotationResultsQuery(caller.tenantId(), null, queue, new PageRequest(page, size)),
                AnnotationResultsResponse.class);
    }

    @GetMapping("/v1/annotation-results/{resultId}")
    AnnotationResultView result(Caller caller, @PathVariable String resultId) {
        return queries.require(new FindAnnotationResultQuery(caller.tenantId(), new AnnotationResultId(resultId)), AnnotationResultView.class,
                "annotation result", resultId);
    }
}
