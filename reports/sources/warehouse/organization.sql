select * from marts.organization
