select * from marts.nok_deficiency_summary
