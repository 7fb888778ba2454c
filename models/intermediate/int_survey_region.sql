-- Ответы опроса на уровне региона: ответы его органов власти сведены вместе. Числа организаций
-- социального обслуживания — только из ответов органов соцзащиты (орган образования Крыма называет
-- организации образования: они — отдельно, в orgs_municipal_other_spheres). Категориальные ответы —
-- списками: если органы региона ответили по-разному, регион учитывается в каждом ответе.
with authorities as (
    select * from intermediate.int_survey_authority
),
final as (
    select
        region_code,
        any_value(region_name) as region_name,
        any_value(federal_district) as federal_district,
        any_value(federal_district_short) as federal_district_short,
        count(*) as authorities,
        string_agg(sphere, ', ' order by sphere_code desc) as spheres,
        list(distinct sphere_code order by sphere_code) as sphere_codes,
        bool_or(sphere_code = 'social') as has_social_authority,
        sum(orgs_regional) filter (where sphere_code = 'social') as orgs_regional,
        sum(orgs_municipal) filter (where sphere_code = 'social') as orgs_municipal,
        sum(orgs_nonstate) filter (where sphere_code = 'social') as orgs_nonstate,
        coalesce(bool_or(is_orgs_regional_synthetic) filter (where sphere_code = 'social' and orgs_regional is not null), false) as is_orgs_regional_synthetic,
        coalesce(bool_or(is_orgs_municipal_synthetic) filter (where sphere_code = 'social' and orgs_municipal is not null), false) as is_orgs_municipal_synthetic,
        coalesce(bool_or(is_orgs_nonstate_synthetic) filter (where sphere_code = 'social' and orgs_nonstate is not null), false) as is_orgs_nonstate_synthetic,
        sum(orgs_municipal) filter (where sphere_code <> 'social') as orgs_municipal_other_spheres,
        list(distinct funding_category order by funding_category) filter (where funding_category is not null) as funding_categories,
        string_agg(distinct programme_name, '; ') filter (where programme_name is not null) as programme_names,
        bool_or(is_programme_named) as is_programme_named,
        bool_or(is_budget_and_programme) as is_budget_and_programme,
        max(price_weight_pct) as price_weight_pct,
        max(nonprice_weight_pct) as nonprice_weight_pct,
        list(distinct control_form_code order by control_form_code) filter (where control_form_code is not null) as control_form_codes,
        string_agg(distinct control_form_other_text, '; ') filter (where control_form_other_text is not null) as control_form_other_text,
        list(distinct online_tool_code order by online_tool_code) filter (where online_tool_code is not null) as online_tool_codes,
        list(distinct online_paper_ratio_code order by online_paper_ratio_code) filter (where online_paper_ratio_code is not null) as online_paper_ratio_codes,
        bool_or(has_refusal) as has_refusal,
        string_agg(distinct refusal_reasons, ' ') filter (where refusal_reasons is not null) as refusal_reasons,
        bool_or(is_synthetic) as is_synthetic
    from authorities
    group by region_code
)
select * from final
order by region_code
