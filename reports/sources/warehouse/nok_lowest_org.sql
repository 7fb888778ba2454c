select * from marts.nok_lowest_org
