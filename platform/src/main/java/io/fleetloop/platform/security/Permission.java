package io.fleetloop.platform.security;

/** What an endpoint needs; roles are granted permissions in {@link AccessMatrix}. */
public enum Permission {
    /** Who-am-I and the GraphQL transport (each GraphQL field then needs its own permission). */
    SELF("see one's own identity; send GraphQL requests"),
    DATASOURCE_READ("list and read data sources"),
    DATASOURCE_WRITE("register data sources"),
    CREDENTIALS_READ("list connector credential names (never secrets)"),
    CREDENTIALS_WRITE("store connector credentials"),
    INGESTION_READ("list and read ingestion tasks"),
    INGESTION_RUN("create, start and stop ingestion tasks, upload files to them"),
    ASSET_READ("search and read catalog assets"),
    ASSET_TAG("assign scene tags to assets"),
    ASSET_EXPORT("export catalog assets (NDJSON)"),
    DATAFLOW_READ("list data-flow rules"),
    DATAFLOW_WRITE("create data-flow rules (ingestion → annotation)"),
    ANNOTATION_READ("read annotation tasks, results and QC queues"),
    ANNOTATION_MANAGE("create annotation tasks and run their pre-labeling"),
    ANNOTATION_EDIT("correct annotation results (a new revision)"),
    ANNOTATION_REVIEW("approve or reject annotation results (QC)"),
    DATASET_EXPORT("export approved annotations as a dataset (registered in the catalog)"),
    SIMULATION_READ("list and read simulation scenarios and tasks with their progress"),
    SIMULATION_RUN("create and version simulation scenarios (or import OpenSCENARIO parameters), start and cancel simulation tasks"),
    LINEAGE_READ("walk the lineage graph (sources, ingestions, assets, annotations, datasets, sessions, problem samples, "
            + "decisions, models, releases, devices) up- and downstream"),
    KPI_READ("read the closed-loop KPI (stage times per loop, p50/p90, chart)"),
    RELEASE_READ("read OTA release tasks and their batches"),
    RELEASE_MANAGE("create, pause, resume and roll back OTA release tasks"),
    DEVICE_READ("list and read registered OTA devices (never their tokens)"),
    DEVICE_MANAGE("register OTA devices (one or in bulk) and update their attributes"),
    BEHAVIOR_READ("read problem samples and feedback decisions with their backfill's progress"),
    BEHAVIOR_WRITE("mark problem samples in behaviour sessions and send them to annotation"),
    BACKFILL_TRIGGER("trigger a backfill from problem samples (a feedback decision: ingestion, annotation, release follow)"),
    BEHAVIOR_SESSION_READ("list and read behaviour sessions, their aligned data, replay them (SSE) and control own replays"),
    BEHAVIOR_SESSION_CREATE("create behaviour sessions over the tenant's recorded assets"),
    BEHAVIOR_SESSION_EXPORT("export an aligned window of a behaviour session as MCAP"),
    WORKFLOW_READ("read workflows, their revisions and diffs, requested runs, the operator catalogue and the AI model registry"),
    WORKFLOW_WRITE("define workflows (revisions), enable and disable them, register operators, versions and AI models, check AI models"),
    WORKFLOW_RUN("start a workflow run by hand"),
    KNOWLEDGE_READ("list, read and search the diagnosis knowledge base (hybrid retrieval)"),
    KNOWLEDGE_MANAGE("create, update (new version) and retire knowledge-base entries"),
    LOG_BATCH_READ("list and read vehicle log batches, their reports, charts and diagnoses"),
    LOG_BATCH_WRITE("create vehicle log batches, stream their files and complete them"),
    AUDIT_READ("read audit records, aggregate histories and past states"),
    AUDIT_EXPORT("export audit records"),
    GOVERNANCE_READ("read the masking rules in force"),
    BILLING_READ("read the price list, quotas, bill lines, the account balance, the cost dashboard, ROI and cost charts"),
    BILLING_MANAGE("publish price list versions, set quotas, add credits and set the billing policy"),
    TOKEN_ISSUE("issue tokens for users of one's own tenants (embedded issuer only)"),
    PROCESSOR_READ("see the event processors of the node (segments, owners, positions, lag) and the dead letters of one's own "
            + "tenant or of no tenant"),
    PROCESSOR_MANAGE("reset projections, split and merge segments (platform-wide); retry and evict dead letters of one's own "
            + "tenant or of no tenant"),
    SAGA_READ("see the in-flight sagas of one's own tenant or of no tenant (association values, state), their scheduled deadlines "
            + "and the sagas recently ended");

    private final String description;

    Permission(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
