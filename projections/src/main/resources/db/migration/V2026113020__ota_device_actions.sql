-- What the DDI endpoints serve, kept in the command's transaction (subscribing projection "ota-actions").
create table ota_release (
    task_id            varchar(64)  primary key,
    tenant_id          varchar(64)  not null,
    version_id         varchar(128) not null,
    release_type       varchar(16)  not null,
    device_type        varchar(16)  not null,
    module_id          bigint       not null,
    previous_version_id varchar(128),
    previous_module_id bigint,
    release_counter    bigint       not null
);

create table ota_software_module (
    tenant_id    varchar(64)   not null,
    module_id    bigint        not null,
    version_id   varchar(128)  not null,
    artifact_uri varchar(1024) not null,
    filename     varchar(512)  not null,
    size_bytes   bigint        not null,
    sha256       char(64)      not null,
    sha1         char(40)      not null,
    md5          char(32)      not null,
    primary key (tenant_id, module_id)
);

create table device_action_view (
    action_id       bigint       primary key,
    tenant_id       varchar(64)  not null,
    device_id       varchar(128) not null,
    task_id         varchar(64)  not null,
    kind            varchar(16)  not null,
    version_id      varchar(128) not null,
    module_id       bigint       not null,
    release_counter bigint       not null,
    status          varchar(16)  not null,
    last_execution  varchar(24),
    detail          text,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index device_action_device on device_action_view (tenant_id, device_id, created_at);
create index device_action_task on device_action_view (task_id, device_id);

-- Operational, not event-sourced: when a device last polled.
create table ota_device_contact (
    tenant_id    varchar(64)  not null,
    device_id    varchar(128) not null,
    last_poll_at timestamptz  not null,
    primary key (tenant_id, device_id)
);
