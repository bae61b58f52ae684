"""The sources as written: ``arch/**/*.yaml`` read with line/column positions and validated field by field."""
