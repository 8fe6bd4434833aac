create table release_task_view (
    task_id             varchar(64)   primary key,
    tenant_id           varchar(64)   not null,
    release_type        varchar(16)   not null,
    version_id          varchar(128)  not null,
    artifact_uri        varchar(1024) not null,
    artifact_sha256     char(64),
    artifact_size       bigint        not null default 0,
    target_device_type  varchar(32)   not null,
    gray_policy         jsonb         not null,
    status              varchar(16)   not null,
    previous_version_id varchar(128),
    total_devices       integer       not null default 0,
    success_count       integer       not null default 0,
    failure_count       integer       not null default 0,
    status_reason       text,
    created_at          timestamptz   not null,
    updated_at          timestamptz   not null
);
create index release_task_view_tenant on release_task_view (tenant_id, created_at);

create table deployment_batch_view (
    batch_id      varchar(64) primary key,
    tenant_id     varchar(64) not null,
    task_id       varchar(64) not null,
    batch_index   integer     not null,
    percentage    double precision not null,
    device_count  integer     not null,
    status        varchar(16) not null,
    success_count integer     not null default 0,
    failure_count integer     not null default 0,
    silent_count  integer     not null default 0,
    started_at    timestamptz,
    completed_at  timestamptz
);
create index deployment_batch_view_task on deployment_batch_view (tenant_id, task_id, batch_index);
