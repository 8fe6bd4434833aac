-- Last contact now lives in the command side's ddi_device_contact (copied by V2026120440).
drop table if exists ota_device_contact;
