select * from marts.funding_source
