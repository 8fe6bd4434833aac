-- The DDI gateway token of a tenant that manages it over the API (rotate/revoke): only its sha256; null = revoked.
-- Tenants without a row use the configured fleetloop.ota.gateway-tokens.<tenant> (bootstrap).
create table ddi_gateway_token (
    tenant_id    varchar(64) primary key,
    token_sha256 char(64),
    updated_at   timestamptz not null
);
