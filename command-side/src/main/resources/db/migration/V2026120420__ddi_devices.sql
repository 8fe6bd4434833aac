-- The command side's own copy of the device registry (token hash, type, attributes, installed version), kept by its
-- subscribing processor `device-lookup`: device authentication, duplicate registration and rollout targets are
-- decided from it, never from the query side's device_view.
create table ddi_device (
    tenant_id           varchar(64)  not null,
    device_id           varchar(128) not null,
    device_type         varchar(16)  not null,
    attributes          jsonb        not null default '{}'::jsonb,
    attributes_reported boolean      not null default false,
    installed_version   varchar(128),
    token_sha256        char(64),
    primary key (tenant_id, device_id)
);
create index ddi_device_type on ddi_device (tenant_id, device_type, device_id);
create index ddi_device_attributes on ddi_device using gin (attributes jsonb_path_ops);

-- Upgrade: the devices registered before.
insert into ddi_device (tenant_id, device_id, device_type, attributes, attributes_reported, installed_version, token_sha256)
select tenant_id, device_id, device_type, attributes, attributes_reported, installed_version, token_sha256 from device_view;
