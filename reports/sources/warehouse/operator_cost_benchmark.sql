select * from marts.operator_cost_benchmark
