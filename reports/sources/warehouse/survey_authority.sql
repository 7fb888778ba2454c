select * from marts.survey_authority
