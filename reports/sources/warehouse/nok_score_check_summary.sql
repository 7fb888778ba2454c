select * from marts.nok_score_check_summary
