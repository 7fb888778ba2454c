select * from marts.nok_region_change
