select * from marts.control_form_share
