select * from marts.methodology_weight
