select * from marts.survey_category
