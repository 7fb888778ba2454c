select * from marts.operator_cost
