select built_at, sources_dir, node_version, duckdb_version, nok_atlas_version, build_ms from meta.run
