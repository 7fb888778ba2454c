select * from marts.region_funnel_limit
