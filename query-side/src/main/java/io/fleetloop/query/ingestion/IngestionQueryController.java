package io.fleetloop.query.ingestion;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.DataSourceView;
import io.fleetloop.api.ingestion.DataSourcesResponse;
import io.fleetloop.api.ingestion.FindDataSourceQuery;
import io.fleetloop.api.ingestion.FindIngestionTaskQuery;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.IngestionTaskStatus;
import io.fleetloop.api.ingestion.IngestionTaskView;
import io.fleetloop.api.ingestion.IngestionTasksResponse;
import io.fleetloop.api.ingestion.ListDataSourcesQuery;
import io.fleetloop.api.ingestion.ListIngestionTasksQuery;
import io.fleetloop.query.common.Queries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class IngestionQueryController {

    private final Queries queries;

    IngestionQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/datasources")
    DataSourcesResponse dataSources(Caller caller, @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "20") int size) {
        return queries.get(new ListDataSourcesQuery(caller.tenantId(), new PageRequest(page, size)), DataSourcesResponse.class);
    }

    @GetMapping("/v1/datasources/{sourceId}")
    DataSourceView dataSource(Caller caller, @PathVariable String sourceId) {
        return queries.require(new FindDataSourceQuery(caller.tenantId(), new DataSourceId(sourceId)), DataSourceView.class,
                "data source", sourceId);
    }

    @GetMapping("/v1/ingestion-tasks")
    IngestionTasksResponse tasks(Caller caller, @RequestParam(required = false) String sourceId,
                                 @RequestParam(required = false) IngestionTaskStatus status,
                                 @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return queries.get(new ListIngestionTasksQuery(caller.tenantId(), sourceId == null ? null : new DataSourceId(sourceId),
                status, new PageRequest(page, size)), IngestionTasksResponse.class);
    }

    @GetMapping("/v1/ingestion-tasks/{taskId}")
    IngestionTaskView task(Caller caller, @PathVariable String taskId) {
        return queries.require(new FindIngestionTaskQuery(caller.tenantId(), new IngestionTaskId(taskId)), IngestionTaskView.class,
                "ingestion task", taskId);
    }
}
