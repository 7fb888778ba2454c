select * from marts.practice_theme
