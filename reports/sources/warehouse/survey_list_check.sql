select * from marts.survey_list_check
