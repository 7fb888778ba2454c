select * from marts.nok_coverage
