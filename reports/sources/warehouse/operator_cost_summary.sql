select * from marts.operator_cost_summary
