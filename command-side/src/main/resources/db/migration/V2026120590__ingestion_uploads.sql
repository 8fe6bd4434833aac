-- HTTP uploads to ingestion tasks: one row per announced file, with the object store's multipart upload behind it.
-- Written by the upload endpoints (command-side); the task itself is decided by the IngestionTask aggregate.
create table ingestion_upload (
    upload_id       varchar(64)   primary key,
    tenant_id       varchar(64)   not null,
    task_id         varchar(64)   not null,
    object_key      varchar(2048) not null,
    store_upload_id varchar(1024) not null,
    file_name       varchar(512)  not null,
    size_bytes      bigint        not null,
    sha256          char(64)      not null,
    part_size       bigint        not null,
    status          varchar(16)   not null,
    asset_id        varchar(64),
    storage_path    varchar(2048),
    duplicate       boolean,
    error_message   varchar(1024),
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null
);
create index ingestion_upload_task on ingestion_upload (tenant_id, task_id);
