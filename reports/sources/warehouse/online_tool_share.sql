select * from marts.online_tool_share
