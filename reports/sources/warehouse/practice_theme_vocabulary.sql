select * from marts.practice_theme_vocabulary
