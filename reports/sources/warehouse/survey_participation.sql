select * from marts.survey_participation
