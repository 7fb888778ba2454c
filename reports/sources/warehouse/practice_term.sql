select * from marts.practice_term
