-- Значения опроса по годам с органом власти и регионом, с признаком синтетики по каждому значению.
with years as (
    select * from staging.stg_survey_authority_year
),
authorities as (
    select authority_id, region_code, sphere_code, source_file, source_row, is_synthetic from staging.stg_survey_authority
),
provenance as (
    select
        source_file,
        source_row,
        year,
        bool_or(kind = 'synthetic') filter (where column_name = 'planned_rub') as planned_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'actual_rub') as actual_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'orgs_assessed') as orgs_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'respondents') as respondents_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'procurement_methods') as methods_syn
    from staging.stg_survey_cell_provenance
    where year is not null
    group by all
),
final as (
    select
        a.authority_id,
        a.region_code,
        a.sphere_code,
        y.year,
        y.planned_rub,
        y.actual_rub,
        y.orgs_assessed,
        y.respondents,
        y.procurement_methods,
        coalesce(p.planned_syn, a.is_synthetic) as is_planned_synthetic,
        coalesce(p.actual_syn, a.is_synthetic) as is_actual_synthetic,
        coalesce(p.orgs_syn, a.is_synthetic) as is_orgs_synthetic,
        coalesce(p.respondents_syn, a.is_synthetic) as is_respondents_synthetic,
        coalesce(p.methods_syn, a.is_synthetic) as is_methods_synthetic,
        y.source_file,
        y.source_row
    from years y
    join authorities a using (source_file, source_row)
    left join provenance p using (source_file, source_row, year)
)
select * from final
order by region_code, authority_id, year
