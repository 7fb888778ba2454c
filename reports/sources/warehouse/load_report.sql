select * from meta.load_report
