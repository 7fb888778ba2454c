select * from marts.nok_score
