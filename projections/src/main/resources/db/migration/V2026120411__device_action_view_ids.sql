-- The query side's action history (`device_action_view`, projection `ota-actions`) shows the DDI action ids that
-- command-side now allocates (ddi_action, V2026120410); software modules and what DDI serves are command-side's.
alter table device_action_view drop constraint device_action_view_pkey;
-- ddi_action is command-side's (same database in the platform; absent where only this module's schema is migrated).
do $$
begin
    if to_regclass('ddi_action') is not null then
        update device_action_view v set action_id = a.action_id from ddi_action a where a.legacy_id = v.action_id;
    end if;
end $$;
delete from device_action_view where action_id > 2147483647; -- unmapped (cannot happen: every action had its module)
alter table device_action_view alter column action_id type integer, drop column module_id;
alter table device_action_view add primary key (action_id);
create unique index device_action_of on device_action_view (task_id, device_id, kind);
drop index device_action_task;

alter table ota_release drop column module_id, drop column previous_module_id;
drop table ota_software_module;
