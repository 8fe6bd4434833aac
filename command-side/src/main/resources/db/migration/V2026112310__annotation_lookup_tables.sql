-- Command-side lookup table of the annotation context: which assets a tenant has, where they are stored and
-- what they hold. Kept by the subscribing processor annotation-lookup in the registering command's transaction.
create table annotation_asset_directory (
    asset_id     varchar(64)   primary key,
    tenant_id    varchar(64)   not null,
    storage_path varchar(2048) not null,
    modality     varchar(32)   not null
);

-- Assets catalogued before this table existed.
insert into annotation_asset_directory (asset_id, tenant_id, storage_path, modality)
select asset_id, tenant_id, storage_path, modality from asset_view
on conflict (asset_id) do nothing;
