-- Per-tenant DDI polling intervals set over the API (PUT /v1/ota/polling-config); owned by the DDI code. A tenant
-- without a row uses fleetloop.ota.polling.<tenant>, else the global defaults.
create table ddi_polling_config (
    tenant_id            varchar(64)  primary key,
    sleep_seconds        integer      not null,
    active_sleep_seconds integer      not null,
    updated_by           varchar(256) not null,
    updated_at           timestamptz  not null
);
