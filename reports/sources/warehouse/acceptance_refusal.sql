select * from marts.acceptance_refusal
