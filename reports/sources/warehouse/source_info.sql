select s.*, coalesce(n.synthetic_files, 0) as synthetic_files, n.notes
from meta.source s
left join (
    select source, count(*) filter (where synthetic <> 'нет') as synthetic_files, string_agg(description, ' ') as notes
    from meta.file_note group by source
) n using (source)
