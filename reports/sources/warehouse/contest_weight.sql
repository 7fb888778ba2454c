select * from marts.contest_weight
