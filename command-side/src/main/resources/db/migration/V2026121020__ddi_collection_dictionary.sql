-- The trained zstd dictionaries COLLECT flows name (compressionRule.dictionary), as DDI serves them to devices:
-- where the asset's bytes are and their sha256 (the ETag). Kept by the subscribing ddi-lookup with ddi_collection_rule.
create table ddi_collection_dictionary (
    tenant_id    varchar(64)   not null,
    asset_id     varchar(128)  not null,
    storage_path varchar(1024) not null,
    sha256       varchar(64)   not null,
    size_bytes   bigint        not null,
    primary key (tenant_id, asset_id)
);
