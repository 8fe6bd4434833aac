-- Workflow runs as users see them (projection `workflow-runs`): runs, their nodes, each attempt's log tail, the run's
-- progress events in order (for the SSE stream), artifacts, and the run context's patches with their snapshots.
create table workflow_run_view (
    run_id       varchar(64)  primary key,
    tenant_id    varchar(64)  not null,
    workflow_id  varchar(64)  not null,
    revision     int          not null,
    status       varchar(16)  not null,
    trigger      varchar(16),
    requested_at timestamptz,
    started_at   timestamptz,
    finished_at  timestamptz,
    failed_node  varchar(128),
    error        text
);
create index workflow_run_view_by_tenant on workflow_run_view (tenant_id, started_at desc);
create index workflow_run_view_by_workflow on workflow_run_view (tenant_id, workflow_id, started_at desc);

create table workflow_run_node_view (
    run_id        varchar(64)  not null,
    node_id       varchar(128) not null,
    ord           int          not null,
    tenant_id     varchar(64)  not null,
    operator_id   varchar(128),
    operator_kind varchar(16),
    status        varchar(16)  not null,
    attempts      int          not null default 0,
    queued_at     timestamptz,
    started_at    timestamptz,
    finished_at   timestamptz,
    retry_at      timestamptz,
    error         text,
    primary key (run_id, node_id)
);

create table workflow_run_node_log (
    run_id    varchar(64)  not null,
    node_id   varchar(128) not null,
    attempt   int          not null,
    tenant_id varchar(64)  not null,
    status    varchar(16)  not null,
    error     text,
    log       text,
    primary key (run_id, node_id, attempt)
);

create table workflow_run_event_view (
    seq       bigserial    primary key,
    event_id  varchar(64)  not null unique,
    run_id    varchar(64)  not null,
    tenant_id varchar(64)  not null,
    type      varchar(64)  not null,
    node_id   varchar(128),
    attempt   int,
    status    varchar(16),
    message   text,
    at        timestamptz  not null
);
create index workflow_run_event_by_run on workflow_run_event_view (run_id, seq);

create table workflow_run_artifact (
    run_id       varchar(64)   not null,
    node_id      varchar(128)  not null,
    attempt      int           not null,
    name         varchar(256)  not null,
    tenant_id    varchar(64)   not null,
    object_key   varchar(1024) not null,
    size_bytes   bigint        not null,
    sha256       varchar(64)   not null,
    content_type varchar(128),
    created_at   timestamptz   not null,
    primary key (run_id, node_id, attempt, name)
);

create table workflow_run_context_patch (
    run_id    varchar(64)  not null,
    version   int          not null,
    tenant_id varchar(64)  not null,
    node_id   varchar(128) not null,
    attempt   int          not null,
    patch     jsonb        not null,
    snapshot  jsonb        not null,
    at        timestamptz  not null,
    primary key (run_id, version)
);
