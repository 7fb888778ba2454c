select * from marts.report_list_check
