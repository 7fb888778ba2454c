select * from marts.practice_effect_cohort
