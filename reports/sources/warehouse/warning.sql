select * from meta.warning
