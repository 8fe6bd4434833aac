create table device_view (
  tenant_id varchar(64) not null, device_id varchar(128) not null, device_type varchar(16) not null,
  attributes jsonb not null default '{}'::jsonb, attributes_reported boolean not null default false,
  installed_version varchar(128), token_sha256 char(64), registered_at timestamptz not null, updated_at timestamptz not null,
  primary key (tenant_id, device_id));
create index device_view_type on device_view (tenant_id, device_type, device_id);
create index device_view_attributes on device_view using gin (attributes jsonb_path_ops);
