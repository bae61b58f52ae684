"""The sources as written: ``arch/**/*.yaml`` with line/column positions, validated."""
