"""Sources of ``workbook_template.xlsm`` (VBA, ribbon XML) and the builder that joins them."""
