-- Органы власти, ответившие на опрос, с регионом и признаком синтетики по каждому значению:
-- по ячейкам (meta.cell_provenance), а если для файла происхождение по ячейкам не указано — по строке.
with authorities as (
    select * from staging.stg_survey_authority
),
regions as (
    select region_code, region_name, federal_district, federal_district_short from staging.stg_region
),
provenance as (
    select
        source_file,
        source_row,
        bool_or(kind = 'synthetic') filter (where column_name = 'region_code') as region_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'orgs_regional') as orgs_regional_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'orgs_municipal') as orgs_municipal_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'orgs_nonstate') as orgs_nonstate_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'funding_source') as funding_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'price_weight') as price_weight_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'control_form') as control_form_syn,
        bool_or(kind = 'synthetic') filter (where column_name in ('refusal_experience', 'refusal_reasons')) as refusal_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'online_tools') as online_tools_syn,
        bool_or(kind = 'synthetic') filter (where column_name = 'online_paper_ratio') as online_paper_syn
    from staging.stg_survey_cell_provenance
    where year is null
    group by all
),
final as (
    select
        a.authority_id,
        a.region_code,
        r.region_name,
        r.federal_district,
        r.federal_district_short,
        a.* exclude (authority_id, region_code, source_file, source_row, is_synthetic),
        coalesce(p.region_syn, a.is_synthetic) as is_region_synthetic,
        coalesce(p.orgs_regional_syn, a.is_synthetic) as is_orgs_regional_synthetic,
        coalesce(p.orgs_municipal_syn, a.is_synthetic) as is_orgs_municipal_synthetic,
        coalesce(p.orgs_nonstate_syn, a.is_synthetic) as is_orgs_nonstate_synthetic,
        coalesce(p.funding_syn, a.is_synthetic) as is_funding_synthetic,
        coalesce(p.price_weight_syn, a.is_synthetic) as is_price_weight_synthetic,
        coalesce(p.control_form_syn, a.is_synthetic) as is_control_form_synthetic,
        coalesce(p.refusal_syn, a.is_synthetic) as is_refusal_synthetic,
        coalesce(p.online_tools_syn, a.is_synthetic) as is_online_tools_synthetic,
        coalesce(p.online_paper_syn, a.is_synthetic) as is_online_paper_synthetic,
        a.source_file,
        a.source_row,
        a.is_synthetic
    from authorities a
    join regions r using (region_code)
    left join provenance p using (source_file, source_row)
)
select * from final
order by region_code, authority_id
