-- The behaviour context's own view of the catalog on the command side: where each asset is stored, what it holds,
-- the device it was recorded on and its scene tags, so session creation checks and resolves its sources (listed or
-- by a catalog query) without reading read models.
create table behavior_asset_directory (
    asset_id     varchar(64)   primary key,
    tenant_id    varchar(64)   not null,
    storage_path varchar(2048) not null,
    modality     varchar(32)   not null,
    device_id    varchar(256),
    scene_tags   text[]        not null default '{}'
);
create index behavior_asset_directory_device on behavior_asset_directory (tenant_id, device_id);

-- Assets catalogued before this table existed.
insert into behavior_asset_directory (asset_id, tenant_id, storage_path, modality, device_id, scene_tags)
select asset_id, tenant_id, storage_path, modality,
       coalesce(attributes ->> 'deviceid', attributes ->> 'device-id', attributes ->> 'device_id',
                attributes ->> 'vehicleid', attributes ->> 'vehicle-id', attributes ->> 'vin'),
       scene_tags
from asset_view
on conflict (asset_id) do nothing;
