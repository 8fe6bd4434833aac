-- Workflow definitions, revisions, requested runs, operators and AI models (owned by projections).
create table workflow_view (
    workflow_id      varchar(64)  primary key,
    tenant_id        varchar(64)  not null,
    name             varchar(128) not null,
    state            varchar(16)  not null,
    current_revision integer      not null,
    time_zone        varchar(64)  not null,
    runs_requested   bigint       not null default 0,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null
);
create index workflow_view_tenant on workflow_view (tenant_id, created_at desc);

create table workflow_revision_view (
    workflow_id varchar(64) not null,
    revision    integer     not null,
    tenant_id   varchar(64) not null,
    body        jsonb       not null,
    primary key (workflow_id, revision)
);

create table workflow_requested_run_view (
    workflow_id  varchar(64) not null,
    run_id       varchar(64) not null,
    tenant_id    varchar(64) not null,
    revision     integer     not null,
    run_trigger  jsonb       not null,
    inputs       jsonb       not null,
    requested_at timestamptz not null,
    primary key (workflow_id, run_id)
);
create index workflow_requested_run_view_time on workflow_requested_run_view (workflow_id, requested_at desc);

create table operator_view (
    operator_id   varchar(64)  primary key,
    tenant_id     varchar(64)  not null,
    name          varchar(128) not null,
    kind          varchar(16)  not null,
    registered_at timestamptz  not null
);
create index operator_view_tenant on operator_view (tenant_id);

create table operator_version_view (
    operator_id varchar(64) not null,
    version     integer     not null,
    tenant_id   varchar(64) not null,
    definition  jsonb       not null,
    primary key (operator_id, version)
);

create table ai_model_view (
    model_id       varchar(64)   primary key,
    tenant_id      varchar(64)   not null,
    name           varchar(128)  not null,
    base_url       varchar(1024) not null,
    model          varchar(256)  not null,
    credential_ref varchar(128),
    registered_at  timestamptz   not null,
    available      boolean,
    model_listed   boolean,
    http_status    integer,
    check_detail   varchar(1024),
    latency_millis bigint,
    checked_at     timestamptz
);
create index ai_model_view_tenant on ai_model_view (tenant_id);
