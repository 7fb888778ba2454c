select * from marts.online_paper_share
