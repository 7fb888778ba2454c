select * from marts.social_org_survey
