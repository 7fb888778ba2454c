select * from marts.region_funnel
