select * from marts.region_profile
