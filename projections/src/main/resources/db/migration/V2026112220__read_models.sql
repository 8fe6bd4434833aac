-- Read models. Rebuilt by replay: every projection clears its own tables in its reset handler.

create table data_source_view (
    source_id        varchar(64)  primary key,
    tenant_id        varchar(64)  not null,
    name             varchar(128) not null,
    protocol_type    varchar(32)  not null,
    connector_config jsonb        not null,
    created_at       timestamptz  not null
);
create index data_source_view_tenant on data_source_view (tenant_id, created_at);

create table ingestion_task_view (
    task_id         varchar(64)   primary key,
    tenant_id       varchar(64)   not null,
    source_id       varchar(64)   not null,
    status          varchar(16)   not null,
    include_pattern varchar(256)  not null,
    target_path     varchar(512)  not null,
    modality        varchar(32)   not null,
    attempt         int           not null default 0,
    object_count    int           not null default 0,
    duplicate_count int           not null default 0,
    total_bytes     bigint        not null default 0,
    asset_ids       jsonb         not null default '[]',
    error_message   varchar(4000),
    created_at      timestamptz   not null,
    started_at      timestamptz,
    finished_at     timestamptz
);
create index ingestion_task_view_tenant on ingestion_task_view (tenant_id, created_at);

create table asset_view (
    asset_id          varchar(64)   primary key,
    tenant_id         varchar(64)   not null,
    source_id         varchar(64),
    ingestion_task_id varchar(64),
    storage_path      varchar(2048) not null,
    size_bytes        bigint        not null,
    sha256            char(64)      not null,
    modality          varchar(32)   not null,
    scene_tags        text[]        not null default '{}',
    ingested_at       timestamptz   not null
);
create index asset_view_tenant on asset_view (tenant_id, ingested_at);

create table audit_record (
    record_id     varchar(64)   primary key,
    tenant_id     varchar(64),
    operator      varchar(256)  not null,
    action        varchar(128)  not null,
    resource_type varchar(64),
    resource_id   varchar(128),
    occurred_at   timestamptz   not null,
    outcome       varchar(16)   not null,
    detail        varchar(4000)
);
create index audit_record_tenant_time on audit_record (tenant_id, occurred_at);
create index audit_record_resource on audit_record (tenant_id, resource_id, occurred_at);
