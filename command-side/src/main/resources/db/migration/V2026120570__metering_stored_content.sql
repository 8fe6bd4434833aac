-- Bytes kept per tenant in the platform's store (one row per distinct content), kept by metering-lookup (command-side);
-- the storage sampler meters GB-days from it.
create table metering_stored_content (
    tenant_id  varchar(64) not null,
    asset_id   varchar(64) not null,
    size_bytes bigint      not null,
    primary key (tenant_id, asset_id)
);
