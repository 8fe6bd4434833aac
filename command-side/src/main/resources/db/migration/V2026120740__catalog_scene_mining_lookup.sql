-- Command-side lookup tables of the catalog context, kept by the subscribing processor catalog-lookup in the
-- writing command's transaction: what a scene-mining request needs of the tenant's assets (resolving a filter,
-- refusing another tenant's assets, carrying each asset's metadata and pre-label classes into the job's request),
-- and each tenant's current scene-mining rules.
create table catalog_asset_directory (
    asset_id       varchar(64)   primary key,
    tenant_id      varchar(64)   not null,
    source_id      varchar(64),
    storage_path   varchar(2048) not null,
    modality       varchar(32)   not null,
    ingested_at    timestamptz   not null,
    attributes     jsonb         not null default '{}',
    scene_tags     text[]        not null default '{}',
    long_tail_tags text[]        not null default '{}',
    object_classes jsonb         not null default '{}'
);
create index catalog_asset_directory_tenant on catalog_asset_directory (tenant_id, ingested_at);

create table catalog_scene_rules (
    tenant_id varchar(64) primary key,
    version   integer     not null,
    rules     jsonb       not null
);

-- Assets catalogued before this table existed.
insert into catalog_asset_directory (asset_id, tenant_id, source_id, storage_path, modality, ingested_at, attributes, scene_tags)
select asset_id, tenant_id, source_id, storage_path, modality, ingested_at, attributes, scene_tags from asset_view
on conflict (asset_id) do nothing;
