select * from marts.practice_effect
