select * from marts.social_org_reported
