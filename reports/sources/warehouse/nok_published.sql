select * from marts.nok_score where source_url is not null
