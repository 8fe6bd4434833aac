-- What a task's catalog filter matches on (source, scene tags, besides modality and path), so that task creation
-- resolves a filter from this command-side table in the command's own transaction instead of from read models.
alter table annotation_asset_directory add column source_id  varchar(64);
alter table annotation_asset_directory add column scene_tags text[] not null default '{}';
create index annotation_asset_directory_tenant on annotation_asset_directory (tenant_id, storage_path);

-- Assets catalogued before these columns existed.
update annotation_asset_directory d set source_id = v.source_id, scene_tags = v.scene_tags
from asset_view v where v.asset_id = d.asset_id;
