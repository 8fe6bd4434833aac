-- How devices of a release handle it (hawkBit's deploymentBase download/update) and its maintenance window; null: forced, none.
alter table ddi_release add column download_handling    varchar(16);
alter table ddi_release add column update_handling      varchar(16);
alter table ddi_release add column maintenance_schedule varchar(128);
alter table ddi_release add column maintenance_duration varchar(32);
alter table ddi_release add column maintenance_timezone varchar(64);
