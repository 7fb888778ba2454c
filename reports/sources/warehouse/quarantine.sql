select * from meta.quarantine
