select * from marts.nok_deficiency
