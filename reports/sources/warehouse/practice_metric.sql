select * from marts.practice_metric
