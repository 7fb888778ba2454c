select * from marts.funding_source_share
