select * from marts.t
