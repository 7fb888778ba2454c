select * from marts.report_figure
