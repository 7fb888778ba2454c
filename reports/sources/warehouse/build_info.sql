select * from meta.run
