select * from marts.practice
