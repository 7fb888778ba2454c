select * from marts.practice_event_study
