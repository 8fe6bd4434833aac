create table annotation_task_view (
    task_id         varchar(64)  primary key,
    tenant_id       varchar(64)  not null,
    name            varchar(256) not null,
    status          varchar(32)  not null,
    annotation_type varchar(32)  not null,
    labeler         varchar(512) not null,
    asset_count     integer      not null,
    result_count    integer      not null default 0,
    approved_count  integer      not null default 0,
    rejected_count  integer      not null default 0,
    attempt         integer      not null default 0,
    error_message   text,
    origin          varchar(256),
    created_at      timestamptz  not null,
    completed_at    timestamptz
);
create index annotation_task_view_tenant on annotation_task_view (tenant_id, created_at);

create table annotation_result_view (
    result_id        varchar(64)  primary key,
    tenant_id        varchar(64)  not null,
    task_id          varchar(64)  not null,
    asset_id         varchar(64)  not null,
    status           varchar(32)  not null,
    queue            varchar(32)  not null,
    revision         integer      not null,
    labels           jsonb        not null,
    labeler          varchar(512) not null,
    rejection_reason text,
    updated_at       timestamptz  not null
);
create index annotation_result_view_task on annotation_result_view (tenant_id, task_id, queue);

create table data_flow_view (
    flow_id        varchar(64)  primary key,
    tenant_id      varchar(64)  not null,
    name           varchar(256) not null,
    flow_rule      jsonb        not null,
    action         jsonb        not null,
    dispatch_count integer      not null default 0,
    created_at     timestamptz  not null
);
create index data_flow_view_tenant on data_flow_view (tenant_id, created_at);
