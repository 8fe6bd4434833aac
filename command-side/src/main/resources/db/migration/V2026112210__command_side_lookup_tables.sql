-- Command-side lookup tables (set-based validation). Kept by subscribing handlers in the command's transaction.

create table ingestion_source_registry (
    source_id        varchar(64)  primary key,
    tenant_id        varchar(64)  not null,
    name             varchar(128) not null,
    protocol_type    varchar(32)  not null,
    connector_config jsonb        not null,
    unique (tenant_id, name)
);

create table ingestion_content_index (
    tenant_id    varchar(64)   not null,
    sha256       char(64)      not null,
    asset_id     varchar(64)   not null,
    storage_path varchar(2048) not null,
    primary key (tenant_id, sha256)
);

-- Connector secrets: referenced by name from data sources, never written into an event.
create table connector_credentials (
    tenant_id  varchar(64)   not null,
    name       varchar(64)   not null,
    access_key varchar(256)  not null,
    secret_key varchar(1024) not null,
    updated_at timestamptz   not null,
    primary key (tenant_id, name)
);
