select * from marts.region
