-- Edge collection: the direct (presigned multipart) uploads of clip files by devices, one per (device, trigger, file);
-- and the collection status devices report (distance driven, triggers fired per interval, with the version they ran),
-- the exposure the rollout gate compares. Both owned by the command side's DDI code.
create table ddi_collection_upload (
    upload_id       varchar(64)   primary key,
    tenant_id       varchar(64)   not null,
    device_id       varchar(128)  not null,
    flow_id         varchar(64)   not null,
    trigger_id      varchar(64)   not null,
    file_name       varchar(128)  not null,
    object_key      varchar(1024) not null,
    store_upload_id varchar(1024) not null,
    size_bytes      bigint        not null,
    sha256          char(64)      not null,
    part_size       bigint        not null,
    status          varchar(16)   not null,
    created_at      timestamptz   not null,
    completed_at    timestamptz,
    unique (tenant_id, device_id, trigger_id, file_name)
);
create index ddi_collection_upload_key on ddi_collection_upload (tenant_id, object_key);

create table ddi_collection_exposure (
    id          bigserial     primary key,
    tenant_id   varchar(64)   not null,
    device_id   varchar(128)  not null,
    device_type varchar(32)   not null,
    version_id  varchar(128),
    distance_km double precision not null,
    triggers    integer       not null,
    reported_at timestamptz   not null
);
create index ddi_collection_exposure_tenant on ddi_collection_exposure (tenant_id, device_type, reported_at);
