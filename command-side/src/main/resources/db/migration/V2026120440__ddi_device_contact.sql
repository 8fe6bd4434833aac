-- A device's last DDI poll is telemetry the DDI code writes, not domain state: it moves from the projections'
-- ota_device_contact to a table the command side owns (docs/architecture.md, Table ownership); the projections'
-- migration V2026120441 drops the old table.
create table ddi_device_contact (
    tenant_id    varchar(64)  not null,
    device_id    varchar(128) not null,
    last_poll_at timestamptz  not null,
    primary key (tenant_id, device_id)
);
do $$
begin
    if to_regclass('ota_device_contact') is not null then
        insert into ddi_device_contact (tenant_id, device_id, last_poll_at)
            select tenant_id, device_id, last_poll_at from ota_device_contact;
    end if;
end $$;
