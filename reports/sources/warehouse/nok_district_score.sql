select * from marts.nok_district_score
